/**
 * Which addresses belong to which site: a post's or a profile's URL must be on its own platform's
 * hosts, so a "post" can never point the team at a phishing page.
 */
export type UrlPlatform = 'x' | 'facebook';

const hosts: Record<UrlPlatform, readonly string[]> = {
  x: ['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com'],
  facebook: ['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com', 'mbasic.facebook.com'],
};

/** True when `url` is an https address on one of the platform's own hosts, with no user info and no port. */
export function belongsToPlatform(platform: UrlPlatform, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  return hosts[platform].includes(parsed.hostname.toLowerCase());
}
