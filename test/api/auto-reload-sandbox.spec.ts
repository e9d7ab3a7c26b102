import { accountStreamName } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// Auto-reload end to end: a call end triggers it, the payment process charges (sandbox: at once)
// and records it, and the monthly maximum pauses it — the help page's scenario through HTTP.
let api: TestApi;
let service: string;
let admin: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const account = 'acc_reload';

beforeAll(async () => {
  api = await startTestApi();
  service = await api.token('service');
  admin = await api.token('admin', account);
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: account, plan: 'starter' }).expect(201);
  await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card_visa' }).expect(200);
  await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, thresholdMinutes: 10, monthlyMax: 2 }).expect(200);
});
afterAll(async () => {
  await api?.close();
});

const call = (callId: string, minutes: number) =>
  api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId, durationSeconds: minutes * 60, endedAt: new Date().toISOString() }).expect(201);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON response body, asserted field by field
async function billingWhen(done: (body: Record<string, any>) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await api.http().get(`/v1/accounts/${account}/billing`).set(bearer(admin)).expect(200);
    if (done(body) || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('buys exactly one block per qualifying call end, pauses at the monthly maximum with the exact message, and resumes when it is raised', async () => {
  // Inside the 500 subscription minutes; credits (0) are below the threshold: one block is bought.
  expect((await call('c1', 490)).body.autoReload).toMatchObject({ outcome: 'triggered' });
  let billing = await billingWhen((b) => b.autoReload.usedThisMonth === 1);
  expect(billing.credits.balanceMinutes).toBe(100);
  expect(billing.autoReload).toMatchObject({ usedThisMonth: 1, monthlyMax: 2, usageText: '1 of 2 used this month', usageLevel: 'normal', paused: false });

  // 10 subscription minutes left, then 90 credit minutes: 10 remain, not below the threshold.
  expect((await call('c2', 100)).body).toMatchObject({ balanceSeconds: 600, autoReload: { outcome: 'not_triggered', reason: 'above_threshold' } });
  // Below it: the second reload, which reaches the maximum.
  expect((await call('c3', 5)).body.autoReload).toMatchObject({ outcome: 'triggered' });
  billing = await billingWhen((b) => b.autoReload.usedThisMonth === 2);
  expect(billing.credits.balanceMinutes).toBe(105);
  expect(billing.autoReload).toMatchObject({ paused: true, usageLevel: 'critical', usageText: '2 of 2 used this month' });
  expect(billing.autoReload.notice.message).toBe("You've reached your monthly auto-reload limit. Auto-reload is paused until next month.");

  // Paused: further calls below the threshold trigger nothing, and say why.
  expect((await call('c4', 100)).body).toMatchObject({ balanceSeconds: 300, autoReload: { outcome: 'not_triggered', reason: 'monthly_cap_reached' } });
  const events = await api.runtime.eventStore.readStream(accountStreamName(account));
  expect(events.filter((e) => e.type === 'AutoReloadTriggered')).toHaveLength(2);
  expect(events.filter((e) => e.type === 'CreditsPurchased' && e.data.source === 'auto_reload')).toHaveLength(2);
  expect(events.filter((e) => e.type === 'MonthlyCapReached')).toHaveLength(1);

  // "Raise the maximum (up to the plan limit)": the pause lifts at once.
  const raised = await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, monthlyMax: 3 }).expect(200);
  expect(raised.body.autoReload).toMatchObject({ paused: false, usageText: '2 of 3 used this month' });
  expect((await call('c5', 1)).body.autoReload).toMatchObject({ outcome: 'triggered' });
  billing = await billingWhen((b) => b.autoReload.usedThisMonth === 3);
  expect(billing.credits.balanceMinutes).toBe(104);
});

it('lists accounts, reloads and calls from the read models for support, with totals for paging', async () => {
  const support = await api.token('support');
  const read = async (path: string, done: (body: Array<Record<string, unknown>>) => boolean) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await api.http().get(path).set(bearer(support)).expect(200);
      if (done(response.body) || Date.now() > deadline) return response;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const accounts = await read('/v1/accounts?q=RELOAD&sort=reloadsThisMonth&order=desc', (b) => b[0]?.reloadsThisMonth === 3);
  expect(accounts.headers['x-total-count']).toBe('1');
  expect(accounts.body[0]).toMatchObject({ accountId: account, planId: 'starter', autoReloadEnabled: true, reloadsThisMonth: 3, monthlyMaximumInForce: 3 });
  const reloads = await read(`/v1/accounts/${account}/reloads`, (b) => b.length === 3 && b.every((r) => r.status === 'completed'));
  expect(reloads.body.map((r: { reloadId: string }) => r.reloadId)).toEqual(['reload-c5', 'reload-c3', 'reload-c1']);
  const calls = await read(`/v1/accounts/${account}/calls?limit=2`, (b) => b.length === 2);
  expect(calls.headers['x-total-count']).toBe('5');
  expect(calls.body.map((c: { callId: string; reloadDecision: string }) => [c.callId, c.reloadDecision])).toEqual([['c5', 'triggered'], ['c4', 'monthly_cap_reached']]);
  const filtered = await api.http().get('/v1/accounts?plan=free').set(bearer(support)).expect(200);
  expect(filtered.body).toEqual([]);
  expect((await api.http().get('/v1/accounts?sort=price').set(bearer(support)).expect(400)).body.errors[0].field).toBe('sort');
  await api.http().get('/v1/accounts').set(bearer(admin)).expect(403);
});
