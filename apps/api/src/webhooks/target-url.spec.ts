import { checkTarget, guardedLookup, isBlockedAddress, urlProblem } from './target-url';
import { send } from './send';

describe('webhook targets', () => {
  it('judges addresses: loopback, private, link-local, CGNAT, unique-local, mapped and unspecified are not public', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd12::1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect([a, isBlockedAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect([a, isBlockedAddress(a)]).toEqual([a, false]);
  });

  it('needs https under the public policy, http is enough under any; never credentials', () => {
    expect(urlProblem('http://example.com/', 'public')).toBe('url must use https');
    expect(urlProblem('http://example.com/', 'any')).toBeUndefined();
    expect(urlProblem('https://u:p@example.com/', 'any')).toBe('url must not carry credentials');
    expect(urlProblem('file:///etc/passwd', 'any')).toBe('url must use http or https');
  });

  it('refuses names that resolve to this machine, at registration and at each connection (DNS rebinding)', async () => {
    await expect(checkTarget('https://localhost/hooks', 'public')).rejects.toThrow(/not a public address/);
    await expect(checkTarget('http://localhost/hooks', 'any')).resolves.toBeUndefined();
    const lookup = guardedLookup('public');
    if (!lookup) throw new Error('the public policy has a guarded lookup');
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
    expect(error?.message).toMatch(/not a public address/);
    // A delivery to a name that now resolves to loopback never connects.
    const refused = await send('https://localhost:1/hooks', {}, '{}', 2_000, 'public');
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/not a public address/) });
    expect(await send('https://127.0.0.1:1/hooks', {}, '{}', 2_000, 'public')).toMatchObject({ status: null, error: '127.0.0.1 is not a public address' });
  });
});
