/**
 * tone()'s last step, fitted by `npm run fit:tone` (test/bench/tone.fit.ts) on TweetEval
 * validation (2000 tweets). Generated: change the fit, not this file.
 */
import type { ToneModel } from './decide.js';

/** The label bands alone, for pages that label stored scores (the customer card) without the model. */
export const toneBands = { negativeFrom: -0.18, positiveFrom: 0.22 } as const;

export const toneModel: ToneModel = {
  features: ["compound","positive valence after the rules","negative valence after the rules","positive words","negative words","tokens","exclamations","questions"],
  mean: [0.14651,1.63175,-0.815885,0.976,0.49,18.2295,0.387,0.1575],
  scale: [0.440979,2.04998,1.49095,1.06133,0.761512,4.76475,1.0046,0.526017],
  weights: [
    [-0.657267,0.278264,0.379002], // compound
    [-0.252937,-0.313263,0.5662], // positive valence after the rules
    [-0.0729229,0.0101651,0.0627578], // negative valence after the rules
    [0.291135,-0.173896,-0.117239], // positive words
    [0.360644,-0.0626185,-0.298026], // negative words
    [0.0635273,0.0153555,-0.0788828], // tokens
    [-0.244859,-0.101676,0.346536], // exclamations
    [0.150718,0.0775676,-0.228286], // questions
  ],
  bias: [-0.344629,0.218338,0.12629],
  blend: 0.4,
  negativeFrom: -0.18,
  positiveFrom: 0.22,
};
