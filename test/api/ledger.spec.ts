import { startTestApi, type TestApi } from '../support/api';
import { settled } from '../support/eventually';

// The credit ledger read model through the API: projected from the store by the hosted runner.
let api: TestApi;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

it('lists every credit movement newest first with its running balance and cause, filtered by kind', async () => {
  const service = await api.token('service');
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: 'acc_ledger', plan: 'free' }).expect(201);
  const admin = await api.token('admin', 'acc_ledger');
  const bought = await api.http().post('/v1/accounts/acc_ledger/credit-purchases').set(bearer(admin)).send({ blocks: 2 }).expect(201);
  await api.http().post(`${new URL(bought.body.checkoutUrl).pathname}/pay`).expect(303);
  // Free includes 30 minutes: a 40-minute call takes 10 from the credits.
  await api.http().post('/v1/accounts/acc_ledger/calls').set(bearer(service))
    .send({ callId: 'call_l1', durationSeconds: 2_400, endedAt: new Date().toISOString() }).expect(201);

  const editor = await api.token('editor', 'acc_ledger');
  const read = () => api.http().get('/v1/accounts/acc_ledger/ledger').set(bearer(editor));
  const ledger = await settled(read, (r) => r.status === 200 && r.body.length === 2);
  expect(ledger.headers['x-total-count']).toBe('2');
  expect(ledger.body).toEqual([
    expect.objectContaining({ kind: 'call', seconds: -600, minutes: -10, balanceAfterSeconds: 11_400, callId: 'call_l1' }),
    expect.objectContaining({ kind: 'purchase', seconds: 12_000, minutes: 200, balanceAfterSeconds: 12_000, purchaseId: bought.body.purchaseId }),
  ]);
  const billing = await api.http().get('/v1/accounts/acc_ledger/billing').set(bearer(editor)).expect(200);
  expect(billing.body.credits.balanceSeconds).toBe(ledger.body[0].balanceAfterSeconds);

  const calls = await api.http().get('/v1/accounts/acc_ledger/ledger?kind=purchase').set(bearer(editor)).expect(200);
  expect(calls.body.map((e: { kind: string }) => e.kind)).toEqual(['purchase']);
  const bad = await api.http().get('/v1/accounts/acc_ledger/ledger?kind=chargeback').set(bearer(editor)).expect(400);
  expect(bad.body.code).toBe('VALIDATION.FAILED');
  await api.http().get('/v1/accounts/acc_ledger/ledger').set(bearer(await api.token('admin', 'acc_other'))).expect(404);

  const health = await api.http().get('/health').expect(200);
  expect(health.body.details.projections.status).toBe('up');
  expect(health.body.details.projections.credit_ledger).toMatchObject({ failedEventId: null });
  const metrics = await api.http().get('/metrics').expect(200);
  expect(metrics.text).toMatch(/billing_projection_lag_events\{projection="credit_ledger"\} \d+/);
});

it("date filters are the account's days, in its time zone (issue 20): today in Auckland includes the movements made now", async () => {
  const service = await api.token('service');
  const id = 'acc_ledger_nz';
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: id, plan: 'free', timezone: 'Pacific/Auckland' }).expect(201);
  const admin = await api.token('admin', id);
  const bought = await api.http().post(`/v1/accounts/${id}/credit-purchases`).set(bearer(admin)).send({ blocks: 1 }).expect(201);
  await api.http().post(`${new URL(bought.body.checkoutUrl).pathname}/pay`).expect(303);
  const editor = await api.token('editor', id);
  const all = await settled(() => api.http().get(`/v1/accounts/${id}/ledger`).set(bearer(editor)), (r) => r.status === 200 && r.body.length === 1);
  expect(all.body).toHaveLength(1);

  // Auckland is 12–13 hours ahead: its "today" is not UTC's day for half of every day.
  const at = Date.parse(all.body[0].at);
  const dateIn = (millis: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Auckland' }).format(new Date(millis));
  const today = dateIn(at);
  const yesterday = dateIn(at - 86_400_000);
  const tomorrow = dateIn(at + 86_400_000);
  const filtered = async (from: string, to: string) => (await api.http().get(`/v1/accounts/${id}/ledger?from=${from}&to=${to}`).set(bearer(editor)).expect(200)).body.length;
  expect(await filtered(today, today)).toBe(1);
  expect(await filtered(yesterday, yesterday)).toBe(0);
  expect(await filtered(tomorrow, tomorrow)).toBe(0);
});
