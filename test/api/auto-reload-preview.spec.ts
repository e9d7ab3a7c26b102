import { startTestApi, type TestApi } from '../support/api';
import { settled } from '../support/eventually';

// The what-if through the API: calls recorded (ending in past months), projected, replayed from the read models.
let api: TestApi;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const ACCOUNT = 'acc_preview';
const minutes = (m: number) => m * 60;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

it('replays the chosen months in the account zone: the cap hit, calls below zero, the month boundary in Berlin; no events', async () => {
  const service = await api.token('service');
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: ACCOUNT, plan: 'starter', timezone: 'Europe/Berlin' }).expect(201);
  const admin = await api.token('admin', ACCOUNT);
  const bought = await api.http().post(`/v1/accounts/${ACCOUNT}/credit-purchases`).set(bearer(admin)).send({ blocks: 1 }).expect(201);
  await api.http().post(`${new URL(bought.body.checkoutUrl).pathname}/pay`).expect(303);
  // Starter includes 500 minutes a month, then credits (100 bought). Auto-reload is off in reality.
  const calls: [string, number, string][] = [
    ['p1', 545, '2026-09-10T10:00:00Z'], // 45 credit → 55 left
    ['p2', 60, '2026-09-20T10:00:00Z'], // 60 credit → −5
    ['p3', 500, '2026-09-30T22:30:00Z'], // 00:30 on 1 October in Berlin: October's subscription, 0 credit → −5
    ['p4', 100, '2026-10-10T10:00:00Z'], // October's 500 used by p3: 100 credit → −105
    ['p5', 50, '2026-10-12T10:00:00Z'], // 50 credit → −155
  ];
  for (const [callId, m, endedAt] of calls) {
    await api.http().post(`/v1/accounts/${ACCOUNT}/calls`).set(bearer(service)).send({ callId, durationSeconds: minutes(m), endedAt }).expect(201);
  }
  const support = await api.token('support');
  const events = () => api.http().get(`/v1/accounts/${ACCOUNT}/events?limit=1`).set(bearer(support)).expect(200);
  const revisionsBefore = (await events()).headers['x-total-count'];

  const editor = await api.token('editor', ACCOUNT);
  const body = { thresholdMinutes: 60, monthlyMaximum: 1, fromMonth: '2026-09', toMonth: '2026-11' };
  const preview = () => api.http().post(`/v1/accounts/${ACCOUNT}/auto-reload/preview`).set(bearer(editor)).send(body);
  const answer = await settled(preview, (r) => r.status === 200 && r.body.months?.[1]?.calls === 3);
  expect(answer.status).toBe(200);
  const none = { reloads: 0, total: { amount: 0, currency: 'usd' }, capReachedAt: null, capReachedOn: null, callsWhilePaused: 0, callsBelowZero: 0 };
  // September: 100 − 45 = 55 < 60 → the one reload (155), the maximum reached on the 10th; 155 − 60 = 95.
  // October: 95 (p3 uses no credit) − 100 = −5 → reload, maximum reached on the 10th (95); 95 − 50 = 45, paused.
  expect(answer.body.months).toEqual([
    {
      month: '2026-09', calls: 2,
      simulated: { ...none, reloads: 1, total: { amount: 2_200, currency: 'usd' }, capReachedAt: '2026-09-10T10:00:00.000Z', capReachedOn: '2026-09-10', lowestBalanceSeconds: minutes(55) },
      actual: { ...none, lowestBalanceSeconds: minutes(-5), callsBelowZero: 1 },
      sentence: expect.stringMatching(/^September 2026: 1 reload would have fired \(\$22\.00\); the maximum of 1 would have been reached on 10 September;/),
    },
    {
      month: '2026-10', calls: 3,
      simulated: {
        ...none, reloads: 1, total: { amount: 2_200, currency: 'usd' }, capReachedAt: '2026-10-10T10:00:00.000Z', capReachedOn: '2026-10-10',
        callsWhilePaused: 1, lowestBalanceSeconds: minutes(-5), callsBelowZero: 1,
      },
      actual: { ...none, lowestBalanceSeconds: minutes(-155), callsBelowZero: 3 },
      sentence: expect.stringContaining('1 later call would have bought nothing; lowest balance -5 min, 1 call would have ended below zero'),
    },
    { month: '2026-11', calls: 0, simulated: { ...none, lowestBalanceSeconds: minutes(45) }, actual: { ...none, lowestBalanceSeconds: minutes(-155) }, sentence: 'November 2026: no calls, so no reloads.' },
  ]);
  expect(answer.body.totals).toEqual({ simulated: { reloads: 2, total: { amount: 4_400, currency: 'usd' } }, actual: { reloads: 0, total: { amount: 0, currency: 'usd' } } });
  expect((await events()).headers['x-total-count']).toBe(revisionsBefore);

  // The default window: the last 3 months up to the current one.
  const byDefault = await api.http().post(`/v1/accounts/${ACCOUNT}/auto-reload/preview`).set(bearer(support)).send({ thresholdMinutes: 10, monthlyMaximum: 5 }).expect(200);
  expect(byDefault.body.months).toHaveLength(3);
  await api.http().post(`/v1/accounts/${ACCOUNT}/auto-reload/preview`).set(bearer(await api.token('auditor'))).send({ thresholdMinutes: 10, monthlyMaximum: 5 }).expect(200);
});

it('refuses what the settings would refuse, another account\'s token, the service, and Free accounts', async () => {
  const url = `/v1/accounts/${ACCOUNT}/auto-reload/preview`;
  const admin = await api.token('admin', ACCOUNT);
  const tooHigh = await api.http().post(url).set(bearer(admin)).send({ thresholdMinutes: 101, monthlyMaximum: 2 }).expect(400);
  expect(tooHigh.body.code).toBe('AUTO_RELOAD.INVALID_THRESHOLD');
  const overLimit = await api.http().post(url).set(bearer(admin)).send({ thresholdMinutes: 10, monthlyMaximum: 21 }).expect(400);
  expect(overLimit.body.code).toBe('AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM');
  const future = await api.http().post(url).set(bearer(admin)).send({ thresholdMinutes: 10, monthlyMaximum: 2, toMonth: '2999-01' }).expect(400);
  expect(future.body.code).toBe('SIMULATION.INVALID_MONTHS');
  await api.http().post(url).set(bearer(admin)).send({ thresholdMinutes: 10, monthlyMaximum: 2, fromMonth: '2026-9' }).expect(400);
  await api.http().post(url).set(bearer(admin)).send({ thresholdMinutes: '10', monthlyMaximum: 2 }).expect(400);
  await api.http().post(url).set(bearer(await api.token('admin', 'acc_other'))).send({ thresholdMinutes: 10, monthlyMaximum: 2 }).expect(404);
  await api.http().post(url).set(bearer(await api.token('service'))).send({ thresholdMinutes: 10, monthlyMaximum: 2 }).expect(403);
  await api.http().post('/v1/accounts/acc_missing/auto-reload/preview').set(bearer(await api.token('support'))).send({ thresholdMinutes: 10, monthlyMaximum: 2 }).expect(404);

  const service = await api.token('service');
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: 'acc_preview_free', plan: 'free' }).expect(201);
  const free = await api.http().post('/v1/accounts/acc_preview_free/auto-reload/preview').set(bearer(await api.token('admin', 'acc_preview_free')))
    .send({ thresholdMinutes: 10, monthlyMaximum: 1 }).expect(409);
  expect(free.body.code).toBe('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE');
});
