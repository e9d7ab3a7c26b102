import { startTestApi, type TestApi } from '../support/api';

// Issue 20: the request's monthly maximum is `monthlyMaximum`, the name its errors use; the old
// `monthlyMax` is still accepted (deprecated), and two different values are refused.
let api: TestApi;
const A = 'acc_mm';
let admin: string;

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false' });
  const service = await api.token('service');
  admin = await api.token('admin', A);
  await api.http().post('/v1/accounts').set('Authorization', `Bearer ${service}`).send({ accountId: A, plan: 'pro' }).expect(201);
  await api.http().put(`/v1/accounts/${A}/payment-method`).set('Authorization', `Bearer ${service}`).send({ paymentMethodId: 'pm_card_visa' }).expect(200);
});
afterAll(async () => {
  await api?.close();
});

const configure = (body: object) => api.http().put(`/v1/accounts/${A}/auto-reload`).set('Authorization', `Bearer ${admin}`).send(body);

it('monthlyMaximum sets the maximum, and a refusal names the same field', async () => {
  expect((await configure({ enabled: true, monthlyMaximum: 3 }).expect(200)).body.autoReload).toMatchObject({ monthlyMax: 3 });
  const refused = await configure({ enabled: true, monthlyMaximum: 0 }).expect(400);
  expect(JSON.stringify(refused.body)).toContain('monthlyMaximum');
});

it('the deprecated monthlyMax is still accepted; both names with different values are refused', async () => {
  expect((await configure({ enabled: true, monthlyMax: 4 }).expect(200)).body.autoReload).toMatchObject({ monthlyMax: 4 });
  expect((await configure({ enabled: true, monthlyMax: 5, monthlyMaximum: 5 }).expect(200)).body.autoReload).toMatchObject({ monthlyMax: 5 });
  const both = await configure({ enabled: true, monthlyMax: 6, monthlyMaximum: 7 }).expect(400);
  expect(both.body.code).toBe('REQUEST.INVALID');
});
