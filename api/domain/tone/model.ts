/**
 * tone()'s model, written by `npm run fit:tone` (test/bench/tone.fit.ts): trained on TweetEval train
 * (45615 tweets), bands chosen on TweetEval validation (2000). Generated: change the fit, not this file.
 */
import type { ToneModel } from './decide.js';

/** The label bands alone, for pages that label stored scores (the customer card) without the model. */
export const toneBands = { negativeFrom: -0.29, positiveFrom: 0.29 } as const;

export const toneModel: ToneModel = {
  features: ["compound","positive valence after the rules","negative valence after the rules","positive words","negative words","tokens","exclamations","questions"],
  mean: [0.145195,1.62242,-0.799666,0.961877,0.47092,18.0807,0.369747,0.15872],
  scale: [0.439277,2.09544,1.46556,1.05259,0.75383,4.65963,0.99632,0.519253],
  weights: [
    [-0.337159,0.238837,0.434615], // compound
    [0.0898063,-0.213549,0.269335], // positive valence after the rules
    [-0.0947556,0.10266,0.0721074], // negative valence after the rules
    [-0.128557,-0.142191,-0.147671], // positive words
    [0.169308,-0.0679196,-0.135696], // negative words
    [0.26735,-0.137577,-0.00945205], // tokens
    [-0.190513,-0.207326,0.178259], // exclamations
    [0.0930615,0.0649731,-0.125182], // questions
  ],
  bias: [1.09036,-1.11656,-0.726346],
  ngrams: {"bits":17,"charFrom":3,"charTo":5,"step":0.03131089060325322},
  blend: 0.4,
  centre: 0.07,
  negativeFrom: -0.29,
  positiveFrom: 0.29,
};
