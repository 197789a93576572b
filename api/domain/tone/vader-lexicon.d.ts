// The package ships plain JavaScript with no types; its lexicon is a word → valence (-4..+4) table.
declare module 'vader-sentiment/src/vader_lexicon.js' {
  export const lexicon: Readonly<Record<string, number>>;
}
