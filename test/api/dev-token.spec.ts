import { startTestApi } from '../support/api';

describe('the development login', () => {
  it('issues a working token for a chosen role and account outside production', async () => {
    const api = await startTestApi();
    try {
      const issued = await api.http().post('/v1/dev/token').send({ role: 'admin', accountId: 'acc_dev' }).expect(201);
      expect(issued.body).toMatchObject({ role: 'admin', accountId: 'acc_dev' });
      // Authenticated (404: no such account yet), not 401.
      const billing = await api.http().get('/v1/accounts/acc_dev/billing').set('Authorization', `Bearer ${issued.body.token}`).expect(404);
      expect(billing.body.code).toBe('ACCOUNT.NOT_FOUND');
      expect((await api.http().post('/v1/dev/token').send({ role: 'editor' }).expect(400)).body.errors[0].field).toBe('accountId');
      expect((await api.http().post('/v1/dev/token').send({ role: 'root' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
    } finally {
      await api.close();
    }
  });

  it('does not exist in production', async () => {
    const api = await startTestApi({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_prod', STRIPE_WEBHOOK_SECRET: 'whsec_prod' });
    try {
      const response = await api.http().post('/v1/dev/token').send({ role: 'support' }).expect(404);
      expect(response.body.code).toBe('ROUTE.NOT_FOUND');
    } finally {
      await api.close();
    }
  });
});
