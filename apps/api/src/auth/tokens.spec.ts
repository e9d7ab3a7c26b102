import { generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier, signToken, type VerifierConfig } from './tokens';

const SECRET = 'a-test-secret-that-is-at-least-32-characters';
const HS256: VerifierConfig = { jwtSecret: SECRET, jwks: undefined, issuer: undefined, audience: undefined };
const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly these claims (and header), signed with `secret`. */
function token(claims: Record<string, unknown>, { secret = SECRET, header = {} as Record<string, unknown> } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(new TextEncoder().encode(secret));
}
const refused = (message: string | RegExp) => ({ status: 401, code: 'AUTH.UNAUTHENTICATED', message: typeof message === 'string' ? message : expect.stringMatching(message) });

describe('a token must expire, within 30 s of clock tolerance', () => {
  const verifier = createTokenVerifier(HS256);

  it('refuses a token without exp, however well signed', async () => {
    await expect(verifier.verify(await token({ sub: 'svc', role: 'service' }))).rejects.toMatchObject(refused('The token has no valid expiry (exp): tokens must expire.'));
    await expect(verifier.verify(await token({ sub: 'svc', role: 'service', exp: 'never' }))).rejects.toMatchObject(refused(/no valid expiry/));
  });

  it('accepts a token that expired 20 s ago and refuses one that expired 40 s ago', async () => {
    expect(await verifier.verify(await token({ sub: 'svc', role: 'service', exp: now() - 20 }))).toEqual({ sub: 'svc', role: 'service' });
    await expect(verifier.verify(await token({ sub: 'svc', role: 'service', exp: now() - 40 }))).rejects.toMatchObject(refused('The token has expired.'));
  });

  it('refuses a token whose nbf is more than 30 s ahead', async () => {
    expect(await verifier.verify(await token({ sub: 'a', role: 'service', exp: now() + 60, nbf: now() + 20 }))).toMatchObject({ sub: 'a' });
    await expect(verifier.verify(await token({ sub: 'b', role: 'service', exp: now() + 60, nbf: now() + 40 }))).rejects.toMatchObject(refused(/not valid yet/));
  });

  it('signs every token with an expiry (one hour unless asked)', async () => {
    const { exp, iat } = JSON.parse(Buffer.from((await signToken({ sub: 's', role: 'service' }, SECRET)).split('.')[1], 'base64url').toString());
    expect(exp - iat).toBe(3600);
  });
});

// Verified tokens are remembered until they expire; these are the ways that must not let one through.
describe('the memory of verified tokens', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a remembered token until exp + 30 s, and refuses it from then on', async () => {
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'nextTick', 'queueMicrotask'] });
    const start = Date.UTC(2026, 11, 1, 12, 0, 0);
    jest.setSystemTime(start);
    const verifier = createTokenVerifier(HS256);
    const remembered = await token({ sub: 'svc', role: 'service', exp: start / 1000 + 60 });
    expect(await verifier.verify(remembered)).toEqual({ sub: 'svc', role: 'service' });
    jest.setSystemTime(start + 89_000); // exp + 29 s
    expect(await verifier.verify(remembered)).toEqual({ sub: 'svc', role: 'service' });
    jest.setSystemTime(start + 90_000); // exp + 30 s
    await expect(verifier.verify(remembered)).rejects.toMatchObject(refused('The token has expired.'));
  });

  it('refuses a remembered token under another secret, and any change to it', async () => {
    const verifier = createTokenVerifier(HS256);
    const remembered = await signToken({ sub: 'owner', role: 'admin', accountId: 'acc_1' }, SECRET);
    await verifier.verify(remembered);
    await expect(createTokenVerifier({ ...HS256, jwtSecret: `${SECRET}-rotated` }).verify(remembered)).rejects.toMatchObject(refused('The token is not valid.'));
    const [header, payload, signature] = remembered.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, accountId: 'acc_2' })).toString('base64url')}.${signature}`;
    await expect(verifier.verify(tampered)).rejects.toMatchObject(refused('The token is not valid.'));
  });

  it('refuses a remembered token once issuer, audience or claim names are configured differently', async () => {
    const remembered = await signToken({ sub: 'svc', role: 'service' }, SECRET);
    await createTokenVerifier(HS256).verify(remembered);
    await expect(createTokenVerifier({ ...HS256, issuer: 'https://id.example.com/' }).verify(remembered)).rejects.toMatchObject(refused(/issuer/));
    await expect(createTokenVerifier({ ...HS256, audience: ['billing'] }).verify(remembered)).rejects.toMatchObject(refused(/aud/));
    await expect(createTokenVerifier({ ...HS256, roleClaim: 'roles' }).verify(remembered)).rejects.toMatchObject(refused(/^The token's roles claim must be one of/));
  });
});

describe('issuer and audience, when configured', () => {
  const verifier = createTokenVerifier({ ...HS256, issuer: 'https://id.example.com/', audience: ['billing', 'billing-staging'] });
  const exp = () => now() + 600;

  it('accepts only the configured issuer and one of the configured audiences', async () => {
    const options = { issuer: 'https://id.example.com/', audience: 'billing-staging' };
    expect(await verifier.verify(await signToken({ sub: 'svc', role: 'service' }, SECRET, options))).toEqual({ sub: 'svc', role: 'service' });
    await expect(verifier.verify(await token({ sub: 's', role: 'service', exp: exp(), iss: 'https://evil.example.com/', aud: 'billing' }))).rejects.toMatchObject(
      refused('The token was not issued by the expected issuer (iss).'),
    );
    await expect(verifier.verify(await token({ sub: 's', role: 'service', exp: exp(), aud: 'billing' }))).rejects.toMatchObject(refused(/issuer/));
    await expect(verifier.verify(await token({ sub: 's', role: 'service', exp: exp(), iss: 'https://id.example.com/', aud: 'other-app' }))).rejects.toMatchObject(
      refused('The token is not meant for this service (aud).'),
    );
    await expect(verifier.verify(await token({ sub: 's', role: 'service', exp: exp(), iss: 'https://id.example.com/' }))).rejects.toMatchObject(refused(/aud/));
  });
});

describe('algorithms and claims', () => {
  const verifier = createTokenVerifier(HS256);

  it('refuses alg none and asymmetric tokens where the secret verifies', async () => {
    const claims = Buffer.from(JSON.stringify({ sub: 'root', role: 'support', exp: now() + 600 })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${claims}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({ status: 401 });
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({ role: 'support' }).setProtectedHeader({ alg: 'RS256' }).setSubject('x').setExpirationTime('1h').sign(privateKey);
    await expect(verifier.verify(rs256)).rejects.toMatchObject(refused("The token's algorithm (alg) must be HS256."));
  });

  it('reads role and account from the configured claim names, and only from them', async () => {
    const named = createTokenVerifier({ ...HS256, roleClaim: 'https://billing.example.com/role', accountClaim: 'org_id' });
    const options = { roleClaim: 'https://billing.example.com/role', accountClaim: 'org_id' };
    expect(await named.verify(await signToken({ sub: 'alice', role: 'admin', accountId: 'acc_7' }, SECRET, options))).toEqual({ sub: 'alice', role: 'admin', accountId: 'acc_7' });
    await expect(named.verify(await signToken({ sub: 'alice', role: 'admin', accountId: 'acc_7' }, SECRET))).rejects.toMatchObject(refused(/billing.example.com\/role claim/));
    const wrongAccountClaim = await signToken({ sub: 'alice', role: 'admin', accountId: 'acc_7' }, SECRET, { roleClaim: options.roleClaim });
    await expect(named.verify(wrongAccountClaim)).rejects.toMatchObject(refused('A admin token must name its account (org_id claim).'));
  });

  it('needs a subject and a known role', async () => {
    await expect(verifier.verify(await token({ role: 'service', exp: now() + 60 }))).rejects.toMatchObject(refused(/subject/));
    await expect(verifier.verify(await token({ sub: 'x', role: 'root', exp: now() + 60 }))).rejects.toMatchObject(refused(/role claim must be one of/));
  });
});
