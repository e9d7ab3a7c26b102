import { SignJWT } from 'jose';
import { createTokenVerifier, signToken, type VerifierConfig } from '@billing/api/auth/tokens';
import { DEVELOPMENT_JWT_SECRET } from '@billing/api/config/config';
import { startTestApi } from '../support/api';
import { type JwksServer, newSigningKey, signWith, startJwksServer } from '../support/jwks-server';

// An identity provider's keys, from a local JWKS server that rotates them, through the service's verifier
// and through the API. Only Date is faked (jose dates key sets and tokens with it); sockets are real.
const ISSUER = 'https://id.example.com/';
const AUDIENCE = 'billing-api';
const ROLE_CLAIM = 'https://billing.example.com/role';
const ACCOUNT_CLAIM = 'https://billing.example.com/account';
const CLAIMS = { iss: ISSUER, aud: AUDIENCE, sub: 'alice', [ROLE_CLAIM]: 'admin', [ACCOUNT_CLAIM]: 'acc_7' };
const ALICE = { sub: 'alice', role: 'admin', accountId: 'acc_7' };
const refused = (message: string | RegExp) => ({ status: 401, code: 'AUTH.UNAUTHENTICATED', message: typeof message === 'string' ? message : expect.stringMatching(message) });
const NOT_IN_SET = refused("The token is not signed by a key of the identity provider's key set (kid).");

let jwks: JwksServer;
let config: VerifierConfig;
let clock: number;
const advance = (ms: number) => jest.setSystemTime((clock += ms));

beforeEach(async () => {
  jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] });
  clock = Date.UTC(2026, 11, 1, 12, 0, 0);
  jest.setSystemTime(clock);
  jwks = await startJwksServer();
  // The defaults an operator gets: the set kept 10 minutes, unknown key ids fetched again at most every 30 s.
  config = { jwtSecret: undefined, jwks: { url: jwks.url, cacheMaxAgeMs: 600_000 }, issuer: ISSUER, audience: [AUDIENCE], roleClaim: ROLE_CLAIM, accountClaim: ACCOUNT_CLAIM };
});
afterEach(async () => {
  jest.useRealTimers();
  await jwks.close();
});

describe.each(['RS256', 'ES256'] as const)('%s keys from a rotating key set', (alg) => {
  it('verifies with the published key, follows a rotation to a new key, and refuses the removed one — also from its memory', async () => {
    const [oldKey, newKey] = [await newSigningKey(alg, 'key-2026-11'), await newSigningKey(alg, 'key-2026-12')];
    jwks.publish(oldKey);
    const verifier = createTokenVerifier(config);
    const oldToken = await signWith(oldKey, CLAIMS);
    expect(await verifier.verify(oldToken)).toEqual(ALICE);
    expect(await verifier.verify(oldToken)).toEqual(ALICE);
    expect(jwks.fetches()).toBe(1); // the set is cached

    jwks.publish(newKey); // rotated: the old key is withdrawn
    advance(31_000);
    expect(await verifier.verify(await signWith(newKey, CLAIMS))).toEqual(ALICE); // an unknown kid fetches the set again
    expect(jwks.fetches()).toBe(2);
    await expect(verifier.verify(oldToken)).rejects.toMatchObject(NOT_IN_SET);
    await expect(verifier.verify(await signWith(oldKey, { ...CLAIMS, sub: 'mallory' }))).rejects.toMatchObject(NOT_IN_SET);
  });

  it('stops honouring a remembered token once the set that is fetched again no longer holds its key', async () => {
    const [kept, removed] = [await newSigningKey(alg, 'kept'), await newSigningKey(alg, 'removed')];
    jwks.publish(kept, removed);
    const verifier = createTokenVerifier(config);
    const token = await signWith(removed, CLAIMS);
    expect(await verifier.verify(token)).toEqual(ALICE);
    jwks.publish(kept);
    advance(300_000); // the cached set is still current: its keys are trusted (AUTH_JWKS_CACHE_SECONDS bounds this)
    expect(await verifier.verify(token)).toEqual(ALICE);
    advance(301_000); // now older than 10 minutes: fetched again before any token, remembered or not, counts
    await expect(verifier.verify(token)).rejects.toMatchObject(NOT_IN_SET);
    expect(await verifier.verify(await signWith(kept, CLAIMS))).toEqual(ALICE);
    expect(jwks.fetches()).toBe(2);
  });
});

describe('what the key set does not let through', () => {
  it('refuses alg none and HS256 signed with the public key (algorithm confusion)', async () => {
    const key = await newSigningKey('RS256', 'k1');
    jwks.publish(key);
    const verifier = createTokenVerifier(config);
    const body = Buffer.from(JSON.stringify({ ...CLAIMS, exp: clock / 1000 + 600 })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${body}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({ status: 401 });
    for (const secret of [key.publicPem, JSON.stringify(key.publicJwk), key.publicJwk.n as string]) {
      const confused = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
      await expect(verifier.verify(confused)).rejects.toMatchObject(refused("The token's algorithm (alg) must be RS256 or ES256."));
    }
    expect(await verifier.verify(await signWith(key, CLAIMS))).toEqual(ALICE); // the genuine one passes
  });

  it('needs exp, the issuer, the audience and the configured claim names', async () => {
    const key = await newSigningKey('ES256', 'k1');
    jwks.publish(key);
    const verifier = createTokenVerifier(config);
    const noExp = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(key.privateKey);
    await expect(verifier.verify(noExp)).rejects.toMatchObject(refused('The token has no valid expiry (exp): tokens must expire.'));
    await expect(verifier.verify(await signWith(key, { ...CLAIMS, exp: clock / 1000 - 40 }))).rejects.toMatchObject(refused('The token has expired.'));
    expect(await verifier.verify(await signWith(key, { ...CLAIMS, exp: clock / 1000 - 20 }))).toEqual(ALICE);
    await expect(verifier.verify(await signWith(key, { ...CLAIMS, iss: 'https://other.example.com/' }))).rejects.toMatchObject(refused(/issuer \(iss\)/));
    await expect(verifier.verify(await signWith(key, { ...CLAIMS, aud: 'another-app' }))).rejects.toMatchObject(refused(/\(aud\)/));
    await expect(verifier.verify(await signWith(key, { iss: ISSUER, aud: AUDIENCE, sub: 'alice', role: 'admin', accountId: 'acc_7' }))).rejects.toMatchObject(
      refused(`The token's ${ROLE_CLAIM} claim must be one of admin, editor, support, auditor, service.`),
    );
  });

  it('answers 503 (not 401) while the key set cannot be fetched, and recovers when it can', async () => {
    const key = await newSigningKey('RS256', 'k1');
    jwks.publish(key);
    jwks.failWith(500);
    const verifier = createTokenVerifier(config);
    const token = await signWith(key, CLAIMS);
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 503, code: 'AUTH.KEYS_UNAVAILABLE' });
    jwks.failWith(0);
    expect(await verifier.verify(token)).toEqual(ALICE);
  });
});

describe('the API with AUTH_JWKS_URL', () => {
  it('accepts the identity provider\'s tokens with custom claim names, and nothing signed with a secret; no development login', async () => {
    jest.useRealTimers(); // the service's own timers run for real here
    const key = await newSigningKey('RS256', 'k1');
    jwks.publish(key);
    const api = await startTestApi({
      AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: `${AUDIENCE},billing-staging`,
      AUTH_ROLE_CLAIM: ROLE_CLAIM, AUTH_ACCOUNT_CLAIM: ACCOUNT_CLAIM, PROJECTIONS_ENABLED: 'false', PAYMENT_PROCESS_ENABLED: 'false',
    });
    try {
      const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
      expect((await api.http().get('/v1/auth/session').set(bearer(await signWith(key, CLAIMS))).expect(200)).body).toEqual(ALICE);
      const support = await signWith(key, { iss: ISSUER, aud: 'billing-staging', sub: 'bob', [ROLE_CLAIM]: 'support' });
      await api.http().get('/v1/accounts').set(bearer(support)).expect(200);
      for (const secret of [DEVELOPMENT_JWT_SECRET, 'test-secret-that-is-at-least-32-characters-long']) {
        const forged = await signToken({ sub: 'x', role: 'support' }, secret, { issuer: ISSUER, audience: AUDIENCE, roleClaim: ROLE_CLAIM });
        const answer = await api.http().get('/v1/accounts').set(bearer(forged)).expect(401);
        expect(answer.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', detail: "The token's algorithm (alg) must be RS256 or ES256." });
      }
      await api.http().post('/v1/dev/token').send({ role: 'support' }).expect(404);
      expect((await api.http().get('/v1/auth/options').expect(200)).body).toEqual({ developmentLogin: false });
    } finally {
      await api.close();
    }
  });
});
