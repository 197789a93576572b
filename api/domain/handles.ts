export const platforms = ['x', 'facebook'] as const;
export type Platform = (typeof platforms)[number];

// Invisible characters that make two identical-looking handles compare unequal.
const invisibleChars = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

// X caps new handles at 15, but legacy and numeric ids in the support dataset run longer.
const handlePatterns: Record<Platform, RegExp> = {
  x: /^[a-z0-9_]{1,50}$/,
  facebook: /^[a-z0-9._-]{1,100}$/,
};

export function normalizeHandle(_platform: Platform, handle: string): string {
  // Both platforms compare handles case-insensitively, so one rule serves both.
  const cleaned = handle.replace(invisibleChars, '').trim().normalize('NFC');
  const withoutAt = cleaned.startsWith('@') ? cleaned.slice(1) : cleaned;
  return withoutAt.toLowerCase();
}

export function isValidHandle(platform: Platform, normalized: string): boolean {
  return handlePatterns[platform].test(normalized);
}
