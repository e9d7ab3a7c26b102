import { SignJWT } from 'jose';
import { startTestApi } from '../support/api';

// Through the API: the guard answers each refusal as a 401 problem its holder can act on.
const SECRET = 'an-operators-real-secret-of-at-least-32-chars';
const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
const now = () => Math.floor(Date.now() / 1000);

it('refuses tokens without exp or past the 30 s tolerance, and checks AUTH_ISSUER and AUTH_AUDIENCE', async () => {
  const api = await startTestApi({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'billing-issuer', AUTH_AUDIENCE: 'billing', PROJECTIONS_ENABLED: 'false', PAYMENT_PROCESS_ENABLED: 'false' });
  try {
    const session = (token: string) => api.http().get('/v1/auth/session').set('Authorization', `Bearer ${token}`);
    const good = { sub: 'ops', role: 'support', iss: 'billing-issuer', aud: 'billing' };
    const forever = await session(await sign(good)).expect(401);
    expect(forever.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', detail: 'The token has no valid expiry (exp): tokens must expire.' });
    expect(forever.headers['www-authenticate']).toBe('Bearer');
    expect((await session(await sign({ ...good, exp: now() - 20 })).expect(200)).body).toEqual({ sub: 'ops', role: 'support', accountId: null });
    expect((await session(await sign({ ...good, exp: now() - 40 })).expect(401)).body.detail).toBe('The token has expired.');
    expect((await session(await sign({ ...good, exp: now() + 60, iss: 'elsewhere' })).expect(401)).body.detail).toMatch(/issuer/);
    expect((await session(await sign({ ...good, exp: now() + 60, aud: 'another-app' })).expect(401)).body.detail).toMatch(/aud/);
    await session(await api.token('support')).expect(200); // the tests' own tokens carry what this instance checks
  } finally {
    await api.close();
  }
});
