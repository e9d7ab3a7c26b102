import { startTestApi, type TestApi } from '../support/api';
import { settled } from '../support/eventually';

// The settings trail and the forecast of the billing page, read by the account's own Administrator and Editor.
let api: TestApi;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const ACCOUNT = 'acc_history';
const DAY = 86_400_000;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

it('the settings trail names who turned auto-reload on, changed it and off, and when the service turned it off; own account only', async () => {
  const service = await api.token('service');
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: ACCOUNT, plan: 'starter' }).expect(201);
  await api.http().put(`/v1/accounts/${ACCOUNT}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card_visa' }).expect(200);
  const admin = await api.token('admin', ACCOUNT);
  const put = (body: object) => api.http().put(`/v1/accounts/${ACCOUNT}/auto-reload`).set(bearer(admin)).send(body).expect(200);
  await put({ enabled: true, thresholdMinutes: 10, monthlyMax: 5 });
  await put({ enabled: true, thresholdMinutes: 25, monthlyMax: 5 });
  await put({ enabled: false });
  await put({ enabled: true });
  await api.http().put(`/v1/accounts/${ACCOUNT}/plan`).set(bearer(service)).send({ plan: 'free' }).expect(200);

  const editor = await api.token('editor', ACCOUNT);
  const read = () => api.http().get(`/v1/accounts/${ACCOUNT}/settings-history`).set(bearer(editor));
  const trail = await settled(read, (r) => r.status === 200 && r.body.length === 5);
  expect(trail.body.map((c: { by: string | null; sentence: string }) => [c.by, c.sentence])).toEqual([
    [null, 'Auto-reload was turned off by the change to a plan without it.'],
    ['admin-test', 'admin-test turned auto-reload on (threshold 25 min, at most 5 reloads a month).'],
    ['admin-test', 'admin-test turned auto-reload off.'],
    ['admin-test', 'admin-test changed the threshold from 10 to 25 min.'],
    ['admin-test', 'admin-test turned auto-reload on (threshold 10 min, at most 5 reloads a month).'],
  ]);
  expect(Date.parse(trail.body[4].at)).toBeLessThanOrEqual(Date.parse(trail.body[0].at));
  await api.http().get(`/v1/accounts/${ACCOUNT}/settings-history`).set(bearer(await api.token('editor', 'acc_someone_else'))).expect(404);
  await api.http().get(`/v1/accounts/${ACCOUNT}/settings-history`).set(bearer(await api.token('auditor'))).expect(200);
  await api.http().get('/v1/accounts/acc_missing/settings-history').set(bearer(await api.token('support'))).expect(404);
});

it('the forecast: hidden with under a week of calls, then days the credits last and the reloads this month needs', async () => {
  const service = await api.token('service');
  const id = 'acc_forecast';
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: id, plan: 'free' }).expect(201);
  const admin = await api.token('admin', id);
  const bought = await api.http().post(`/v1/accounts/${id}/credit-purchases`).set(bearer(admin)).send({ blocks: 3 }).expect(201);
  await api.http().post(`${new URL(bought.body.checkoutUrl).pathname}/pay`).expect(303);
  const forecast = () => api.http().get(`/v1/accounts/${id}/billing/forecast`).set(bearer(admin)).expect(200);
  expect((await forecast()).body).toEqual({ available: false, observedDays: 0, dailyCreditSeconds: null, creditsLastDays: null, sentence: null, reloads: null });

  // A call 40 days ago (outside the 30 days; it makes the history long enough) and 60 credit minutes 2 days ago.
  const call = (callId: string, minutes: number, daysAgo: number) => api.http().post(`/v1/accounts/${id}/calls`).set(bearer(service))
    .send({ callId, durationSeconds: minutes * 60, endedAt: new Date(Date.now() - daysAgo * DAY).toISOString() }).expect(201);
  await call('f_old', 1, 40);
  // Free includes 30 minutes a month (40 days ago is always another month): 90 minutes now use 60 credit minutes.
  await call('f_recent', 90, 0);
  const answer = await settled(forecast, (r) => r.body.dailyCreditSeconds > 0);
  // 60 credit minutes in 30 days is 2 a day (120 s); the 240 minutes left last 120 days. Free: no auto-reload.
  expect(answer.body).toMatchObject({ available: true, observedDays: 30, dailyCreditSeconds: 120, creditsLastDays: 120, reloads: null });
  expect(answer.body.sentence).toMatch(/^At the last 30 days' usage \(about [\d.]+ min a day\), the credits last about 120 days\.$/);
  await api.http().get(`/v1/accounts/${id}/billing/forecast`).set(bearer(await api.token('editor', 'acc_someone_else'))).expect(404);
});
