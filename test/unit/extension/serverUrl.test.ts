import { describe, expect, it } from 'vitest';
import { isSafeServerUrl } from '../../../extension/serverUrl.js';

describe('where the extension sends passwords and tokens', () => {
  it.each([
    'https://parley.example.com', 'https://203.0.113.5:8443', 'http://127.0.0.1:8787', 'http://127.1.2.3', 'http://localhost:8787',
    'http://LOCALHOST', 'http://api.localhost', 'http://[::1]:8787', 'http://2130706433/',
  ])('accepts %s', (url) => expect(isSafeServerUrl(url)).toBe(true));

  it.each([
    'http://parley.example.com', 'http://192.168.1.10:8787', 'http://10.0.0.1', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example',
    'http://[::2]', 'http://0.0.0.0:8787', 'ftp://127.0.0.1', 'javascript:alert(1)', 'not a url',
  ])('refuses %s', (url) => expect(isSafeServerUrl(url)).toBe(false));
});
