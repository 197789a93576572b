/**
 * Valence of common emoji on VADER's -4..+4 scale. VADER's own JavaScript lexicon has none, and its
 * Python emoji table only spells emoji out as words; a direct table is smaller and faster. Each
 * group lists emoji of about the same strength (after the Emoji Sentiment Ranking's polarity).
 */
const emojiGroups: readonly (readonly [number, string])[] = [
  [3.2, '😍🥰😘😻💖💗💞💕💓❤♥💘💝🤩'],
  [2.6, '😀😃😄😁😊☺🙂😆😂🤣😹😸😺🥳🎉🎊👏🙌👍💯🔥✨🌟⭐🏆🥇💪🤗😇😋😎💙💚💛💜🧡🤍🖤♡'],
  [1.8, '😉😜😝😛🤪😌🙏👌✌🤞🤘🤙👋🌹🌸🌻🎁🍾🥂🎂✅✔🆗😅'],
  [0.8, '😏🤭😬🙃'],
  [-1.2, '😐😑😶🙄😒🤔😕😟🤨🥴😮😯😳🤷🤦'],
  [-2.0, '😔😞😢😥😓😪😴😩😫🥺😰😨😧😦🙁☹😣😖👎💩❌⛔🚫🤒🤕🤢'],
  [-2.8, '😭😡😠🤬😤💔😱🤮👿😈💀☠🖕'],
];

export const emojiValences: ReadonlyMap<string, number> = new Map(
  emojiGroups.flatMap(([valence, emoji]) => Array.from(emoji, (e) => [e, valence] as const)),
);

/** True for code points that start an emoji: pictographs, dingbats, hearts, suits and flags. */
export function isEmojiStart(codePoint: number): boolean {
  return (
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x2600 && codePoint <= 0x27bf) ||
    (codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff) ||
    codePoint === 0x2b50 ||
    codePoint === 0x2705 ||
    codePoint === 0x274c
  );
}

/** Code points that only modify the emoji before them: variation selectors, joiners, skin tones. */
export function isEmojiModifier(codePoint: number): boolean {
  return codePoint === 0xfe0f || codePoint === 0xfe0e || codePoint === 0x200d || (codePoint >= 0x1f3fb && codePoint <= 0x1f3ff);
}
