/**
 * Where the extension may send a password or a token: https anywhere, plain http only to this
 * machine (loopback), where nothing travels over a network in clear text.
 */
export function isSafeServerUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.toLowerCase();
  // URL already writes IPv4 hosts in dotted decimal (http://2130706433/ is 127.0.0.1).
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const insecureServerMessage = (url: string) =>
  `${url} is plain http on another machine: passwords and tokens would travel in clear text. Use https (plain http only for this machine: localhost, 127.0.0.1, [::1]).`;
