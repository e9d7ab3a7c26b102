import { createTestDatabase } from '../support/database';
import { startTestApi, type TestApi } from '../support/api';
import { freePort, startService, waitForHealthy } from '../support/service-process';

const REAL_SECRET = 'an-operators-real-secret-of-at-least-32-chars';

/** The dev login is absent: 404 like any unknown route, no token anywhere in the answer, and the console is told. */
async function expectNoDevelopmentLogin(api: TestApi) {
  for (const body of [{ role: 'admin', accountId: 'acc_1' }, { role: 'support' }, {}]) {
    const response = await api.http().post('/v1/dev/token').send(body).expect(404);
    expect(response.body).toMatchObject({ status: 404, code: 'ROUTE.NOT_FOUND' });
    expect(JSON.stringify(response.body)).not.toMatch(/eyJ/); // no JWT in it
  }
  expect((await api.http().get('/v1/auth/options').expect(200)).body).toEqual({ developmentLogin: false });
}

describe('the development login', () => {
  it('issues a working one-hour token for a chosen role and account while the development secret is in use', async () => {
    const api = await startTestApi({ AUTH_JWT_SECRET: undefined });
    try {
      expect((await api.http().get('/v1/auth/options').expect(200)).body).toEqual({ developmentLogin: true });
      const issued = await api.http().post('/v1/dev/token').send({ role: 'admin', accountId: 'acc_dev' }).expect(201);
      expect(issued.body).toMatchObject({ role: 'admin', accountId: 'acc_dev' });
      const claims = JSON.parse(Buffer.from(issued.body.token.split('.')[1], 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(3600);
      // Authenticated (404: no such account yet), not 401.
      const billing = await api.http().get('/v1/accounts/acc_dev/billing').set('Authorization', `Bearer ${issued.body.token}`).expect(404);
      expect(billing.body.code).toBe('ACCOUNT.NOT_FOUND');
      expect((await api.http().get('/v1/auth/session').set('Authorization', `Bearer ${issued.body.token}`).expect(200)).body).toEqual({
        sub: 'dev-admin', role: 'admin', accountId: 'acc_dev',
      });
      expect((await api.http().post('/v1/dev/token').send({ role: 'editor' }).expect(400)).body.errors[0].field).toBe('accountId');
      expect((await api.http().post('/v1/dev/token').send({ role: 'root' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
    } finally {
      await api.close();
    }
  });

  it('does not exist with a configured AUTH_JWT_SECRET, whatever NODE_ENV says', async () => {
    const first = await startTestApi({ AUTH_JWT_SECRET: REAL_SECRET, NODE_ENV: 'development' });
    try {
      await expectNoDevelopmentLogin(first);
      for (const NODE_ENV of ['test', undefined]) {
        const api = await startTestApi({ AUTH_JWT_SECRET: REAL_SECRET, NODE_ENV, PROJECTIONS_ENABLED: 'false', PAYMENT_PROCESS_ENABLED: 'false' }, first);
        try {
          await expectNoDevelopmentLogin(api);
        } finally {
          await api.close();
        }
      }
    } finally {
      await first.close();
    }
  });

  it('does not exist in production', async () => {
    const api = await startTestApi({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_prod', STRIPE_WEBHOOK_SECRET: 'whsec_prod' });
    try {
      await expectNoDevelopmentLogin(api);
    } finally {
      await api.close();
    }
  });

  it('is absent from the built service started as an operator would: a real secret, a database, no NODE_ENV', async () => {
    const db = await createTestDatabase();
    const service = startService({ DATABASE_URL: db.url, AUTH_JWT_SECRET: REAL_SECRET, LOG_LEVEL: 'warn' }, await freePort());
    try {
      await waitForHealthy(service.url, 60_000);
      const minted = await fetch(`${service.url}/v1/dev/token`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin', accountId: 'acc_1' }),
      });
      expect(minted.status).toBe(404);
      expect(await minted.json()).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
      expect(await (await fetch(`${service.url}/v1/auth/options`)).json()).toEqual({ developmentLogin: false });
      expect(service.output()).not.toContain('development secret');
    } finally {
      service.child.kill('SIGTERM');
      await Promise.race([service.exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      service.child.kill('SIGKILL');
      await db.drop().catch(() => undefined);
    }
  }, 90_000);
});
