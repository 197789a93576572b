import { describe, expect, it } from 'vitest';
import { checkEndpoint, isPrivateAddress } from '../../../api/webhooks/addresses.js';

describe('addresses a webhook must never reach', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::', '::1', 'fe80::1', 'fd00::1', 'fc00::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:8.8.8.8', 'not an address',
  ])('%s is refused', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '93.184.215.14', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001::200e'])('%s is public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('checks the scheme, address literals and names that resolve to loopback', async () => {
    expect(await checkEndpoint('https://93.184.215.14/hook')).toEqual({ ok: true });
    expect(await checkEndpoint('http://93.184.215.14/hook')).toEqual({ ok: false, reason: 'must be https' });
    expect((await checkEndpoint('https://[::1]:8443/hook')).ok).toBe(false);
    expect((await checkEndpoint('https://localhost/hook')).ok).toBe(false);
    expect((await checkEndpoint('https://name.invalid/hook')).ok).toBe(false);
    expect(await checkEndpoint('http://127.0.0.1:9/hook', { allowPrivate: true })).toEqual({ ok: true });
  });
});
