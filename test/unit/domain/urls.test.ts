import { describe, expect, it } from 'vitest';
import { belongsToPlatform, type UrlPlatform } from '../../../api/domain/urls.js';

describe('belongsToPlatform', () => {
  it.each<[UrlPlatform, string, boolean]>([
    ['x', 'https://x.com/jane_doe/status/1800000000000000001', true],
    ['x', 'https://www.x.com/jane_doe', true],
    ['x', 'https://mobile.x.com/jane_doe/status/1', true],
    ['x', 'https://twitter.com/jane_doe/status/1', true],
    ['x', 'https://www.twitter.com/jane_doe', true],
    ['x', 'https://mobile.twitter.com/jane_doe/status/1', true],
    ['x', 'https://X.COM/Jane_Doe', true],
    ['x', 'https://x.com:443/jane_doe', true], // the default port is no port
    ['x', 'https://www.facebook.com/jane', false],
    ['x', 'https://evil.example/phish', false],
    ['x', 'https://x.com.evil.example/jane/status/1', false],
    ['x', 'https://evilx.com/jane', false],
    ['x', 'https://api.x.com/jane', false],
    ['x', 'https://x.com./jane', false],
    ['x', 'https://x.com@evil.example/jane', false],
    ['x', 'https://jane:secret@x.com/jane', false],
    ['x', 'https://x.com:8443/jane', false],
    ['x', 'http://x.com/jane', false],
    ['x', 'javascript:alert(1)//x.com', false],
    ['x', 'x.com/jane', false],
    ['x', '', false],
    ['facebook', 'https://facebook.com/jane/posts/1', true],
    ['facebook', 'https://www.facebook.com/permalink.php?story_fbid=1&id=2', true],
    ['facebook', 'https://m.facebook.com/jane', true],
    ['facebook', 'https://web.facebook.com/jane', true],
    ['facebook', 'https://x.com/jane', false],
    ['facebook', 'https://notfacebook.com/jane', false],
    ['facebook', 'https://facebook.com.evil.example/jane', false],
    ['facebook', 'https://www.facebook.com@evil.example/jane', false],
    ['facebook', 'https://www.facebook.com:8080/jane', false],
  ])('%s: %s → %s', (platform, url, expected) => {
    expect(belongsToPlatform(platform, url)).toBe(expected);
  });
});
