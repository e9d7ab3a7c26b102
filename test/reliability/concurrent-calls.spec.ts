import { accountStreamName, evolveAll, initialState, upcast } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// 200 call ends racing on one account, auto-reload on: every call counted once, none lost, the
// balance exact, and exactly as many reloads as the rules allow; sent one by one, and in batches
// racing single requests and each other.
let api: TestApi;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(async () => {
  await api?.close();
});

type Send = (ids: string[], endedAt: string) => Promise<number[]>;

/** Each call id once in `ids`, then sent by `send` with duplicates; the store and the read model checked. */
async function race(account: string, send: Send) {
  const service = await api.token('service');
  const admin = await api.token('admin', account);
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: account, plan: 'business' }).expect(201);
  await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card_visa' }).expect(200);
  await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, thresholdMinutes: 100, monthlyMax: 5 }).expect(200);
  // Business includes 10,000 minutes; use them up first so every racing call draws on credits.
  await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'warm_up', durationSeconds: 600_000, endedAt: new Date().toISOString() }).expect(201);

  const endedAt = new Date().toISOString();
  const ids = Array.from({ length: 200 }, (_, i) => `race_${i}`);
  // Each call id is sent, and 50 of them twice, concurrently: the duplicate must change nothing.
  const statuses = await send([...ids, ...ids.slice(0, 50)], endedAt);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.filter((s) => s === 201)).toHaveLength(200);
  expect(statuses.filter((s) => s === 200)).toHaveLength(50);
  // Let the payment process settle the reloads, then check the store itself.
  const deadline = Date.now() + 30_000;
  let events = await api.runtime.eventStore.readStream(accountStreamName(account));
  while (events.filter((e) => e.type === 'AutoReloadTriggered').length !== events.filter((e) => e.type === 'CreditsPurchased').length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    events = await api.runtime.eventStore.readStream(accountStreamName(account));
  }
  const consumed = events.filter((e) => e.type === 'CallMinutesConsumed');
  expect(consumed).toHaveLength(201);
  expect(new Set(consumed.map((e) => e.data.callId)).size).toBe(201);

  // How many reloads fit depends on when each payment lands, but never breaks the rules: one per
  // call end that recorded "triggered", each paid once, never more than the monthly maximum, and
  // MonthlyCapReached exactly when it is reached.
  const decidedTriggered = consumed.filter((e) => (e.data.autoReload as { decision: string }).decision === 'triggered').length;
  const triggered = events.filter((e) => e.type === 'AutoReloadTriggered').length;
  const paid = events.filter((e) => e.type === 'CreditsPurchased' && e.data.source === 'auto_reload').length;
  expect(triggered).toBe(decidedTriggered);
  expect(paid).toBe(triggered);
  // At least the first reload (one is in flight at a time: how many more fit depends on when payments land).
  expect(paid).toBeGreaterThanOrEqual(1);
  expect(paid).toBeLessThanOrEqual(5);
  expect(events.filter((e) => e.type === 'MonthlyCapReached')).toHaveLength(paid === 5 ? 1 : 0);

  const state = evolveAll(events.map((e) => upcast({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })), initialState());
  // 200 × 90 s from credits (the warm-up call used subscription minutes only); 100 minutes per reload.
  expect(state.credits.balanceSeconds).toBe(paid * 6_000 - 200 * 90);
  const billing = await api.http().get(`/v1/accounts/${account}/billing`).set(bearer(admin)).expect(200);
  expect(billing.body.credits.balanceSeconds).toBe(state.credits.balanceSeconds);
  expect(billing.body.autoReload).toMatchObject({ usedThisMonth: paid, paused: paid === 5 });
}

const single = (account: string): Send => async (ids, endedAt) => {
  const service = await api.token('service');
  const responses = await Promise.all(ids.map((callId) =>
    api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId, durationSeconds: 90, endedAt })));
  return responses.map((r) => r.status);
};

it('records 200 concurrent call ends exactly once each, with an exact balance and no more reloads than allowed', async () => {
  await race('acc_race', single('acc_race'));
}, 120_000);

it('does the same when the call ends come in concurrent batches of 10, racing single requests with the same ids', async () => {
  const account = 'acc_race_batch';
  await race(account, async (ids, endedAt) => {
    const service = await api.token('service');
    // The 200 first ids in batches of 10; of their 50 repeats, 25 in one more batch and 25 as single
    // requests, all racing.
    const batches = [...Array.from({ length: 20 }, (_, b) => ids.slice(b * 10, b * 10 + 10)), ids.slice(200, 225)];
    const [batched, singles] = await Promise.all([
      Promise.all(batches.map((batch) => api.http().post('/v1/call-ends').set(bearer(service))
        .send({ callEnds: batch.map((callId) => ({ accountId: account, callId, durationSeconds: 90, endedAt })) }).expect(200))),
      single(account)(ids.slice(225), endedAt),
    ]);
    return [...batched.flatMap((r) => r.body.results.map((item: { status: number }) => item.status)), ...singles];
  });
}, 120_000);
