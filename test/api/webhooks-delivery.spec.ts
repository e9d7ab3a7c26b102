import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/api';
import { type Answer, eventually, type Receiver, startReceiver } from '../support/webhook-receiver';

// Delivery outcomes against receivers on local ports. The 10 s timeout is the real one (the 9 s and 11 s
// receivers are judged against it); only the back-off (base 50 ms, cap 200 ms) and the retry window
// (3 s instead of 3 days) are scaled down so that the suite stays fast.
let api: TestApi;
let service: string;
const receivers: Receiver[] = [];
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi({
    PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false',
    WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_DELAY_MS: '200', WEBHOOK_RETRY_WINDOW_MS: '3000',
  });
  service = await api.token('service');
});
afterAll(async () => {
  await api?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(behave: (n: number, body: string) => Answer): Promise<Receiver> {
  const r = await startReceiver(behave);
  receivers.push(r);
  return r;
}

async function endpoint(url: string, accountId?: string): Promise<string> {
  const created = await api.http().post('/v1/webhook-endpoints').set(bearer(service)).send({ url, ...(accountId ? { accountId } : {}) }).expect(201);
  return created.body.id;
}

/** Appends `count` events to the account's stream (projections are off: any data will do). */
async function append(accountId: string, count: number): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'PlanChanged', data: { accountId, n: i } }));
  await api.runtime.eventStore.appendToStream(`billing-account-${accountId}`, events, { expectedRevision: 'any' });
  return events.map((e) => e.id);
}

const idsOf = (r: Receiver, ok = false) => r.received.filter((x) => !ok || (typeof x.answer !== 'string' && (typeof x.answer === 'number' ? x.answer : x.answer.status) < 300)).map((x) => JSON.parse(x.body).id as string);
const get = async (id: string) => (await api.http().get(`/v1/webhook-endpoints/${id}`).set(bearer(service)).expect(200)).body;
const log = async (id: string) => (await api.http().get(`/v1/webhook-endpoints/${id}/deliveries`).set(bearer(service)).expect(200)).body.deliveries as { eventId: string; state: string; attempts: number; lastStatus: number | null; lastError: string | null; lastLatencyMs: number }[];

it('gives each kind of receiver the right retries and outcome', async () => {
  let goneAnswer = 410;
  const ok = await receiver(() => 200);
  const failing3 = await receiver((n) => (n < 3 ? 500 : 200));
  const gone = await receiver(() => goneAnswer);
  const hangOnce = await receiver((n) => (n === 0 ? 'hang' : 200));
  const closing = await receiver((n) => (n < 2 ? 'close' : 202));
  const slow9 = await receiver(() => ({ status: 200, afterMs: 9_000 }));
  const slow11 = await receiver((n) => (n === 0 ? { status: 200, afterMs: 11_000 } : 200));
  const alwaysFailing = await receiver(() => 500);
  const names = ['ok', 'failing3', 'gone', 'hang', 'closing', 'slow9', 'slow11', 'always'] as const;
  const all = [ok, failing3, gone, hangOnce, closing, slow9, slow11, alwaysFailing];
  const ids: Record<string, string> = {};
  const events: Record<string, string[]> = {};
  for (const [i, name] of names.entries()) ids[name] = await endpoint(all[i].url, `acc_out_${name}`);
  for (const name of names) events[name] = await append(`acc_out_${name}`, ['hang', 'slow9', 'slow11'].includes(name) ? 1 : 2);

  // 2xx: each event once, in order.
  await eventually('ok', () => idsOf(ok).length === 2);
  expect(idsOf(ok)).toEqual(events.ok);
  // 500 three times, then 2xx: the first event four times (back-off between), then the second.
  await eventually('failing3', () => idsOf(failing3).length === 5);
  expect(idsOf(failing3)).toEqual([...Array(4).fill(events.failing3[0]), events.failing3[1]]);
  expect((await log(ids.failing3)).find((d) => d.eventId === events.failing3[0])).toMatchObject({ state: 'delivered', attempts: 4, lastStatus: 200 });
  // Connection closed twice: retried, then delivered, still in order.
  await eventually('closing', () => idsOf(closing).length === 4);
  expect(idsOf(closing)).toEqual([events.closing[0], events.closing[0], events.closing[0], events.closing[1]]);
  // 410 Gone: disabled at once, saying why; nothing more is sent.
  const disabled = await eventually('gone disabled', async () => ((await get(ids.gone)).status === 'disabled' ? get(ids.gone) : undefined));
  expect(disabled.disabledReason).toMatch(/410 Gone/);
  expect(idsOf(gone)).toEqual([events.gone[0]]);
  // Failing for the whole retry window: disabled, naming the window and the last answer.
  const expired = await eventually('always disabled', async () => ((await get(ids.always)).status === 'disabled' ? get(ids.always) : undefined), 10_000);
  expect(expired.disabledReason).toMatch(/failed for 3 s \(last: HTTP 500\)/);
  const tries = alwaysFailing.received.length;
  expect(tries).toBeGreaterThan(3);
  // Re-enabled: delivery resumes from where it stopped (the event that got 410), in order.
  goneAnswer = 200;
  await api.http().patch(`/v1/webhook-endpoints/${ids.gone}`).set(bearer(service)).send({ enabled: true }).expect(200);
  await eventually('gone resumed', () => idsOf(gone).length === 3);
  expect(idsOf(gone)).toEqual([events.gone[0], ...events.gone]);

  // The 10 s limit: an answer after 9 s counts, one after 11 s is a timeout and is retried.
  await eventually('slow11 retried', () => idsOf(slow11).length === 2, 20_000);
  await eventually('hang retried', () => idsOf(hangOnce).length === 2, 20_000);
  await eventually('slow9 delivered', async () => (await log(ids.slow9))[0]?.state === 'delivered', 20_000);
  expect(idsOf(slow9)).toEqual(events.slow9);
  expect((await log(ids.slow9))[0]).toMatchObject({ attempts: 1, lastStatus: 200, lastLatencyMs: expect.any(Number) });
  expect((await log(ids.slow9))[0].lastLatencyMs).toBeGreaterThanOrEqual(9_000);
  for (const [name, r] of [['slow11', slow11], ['hang', hangOnce]] as const) {
    await eventually(`${name} delivered`, async () => (await log(ids[name]))[0]?.state === 'delivered');
    expect((await log(ids[name]))[0]).toMatchObject({ attempts: 2, lastStatus: 200 });
    expect(r.received[1].at - r.received[0].at).toBeGreaterThanOrEqual(10_000 - 50);
  }
  // Nothing more arrived at the endpoint disabled for failing.
  expect(alwaysFailing.received.length).toBe(tries);
}, 60_000);

it('brings a receiver that was down for a while everything, once, in order per account', async () => {
  let down = true;
  const r = await receiver(() => (down ? 503 : 200));
  const id = await endpoint(r.url);
  const written: Record<string, string[]> = { acc_down_a: [], acc_down_b: [], acc_down_c: [] };
  for (let round = 0; round < 5; round++) for (const accountId of Object.keys(written)) written[accountId].push(...(await append(accountId, 4)));
  await eventually('failures while down', () => r.received.length >= 6);
  down = false;
  await eventually('everything', () => new Set(idsOf(r, true)).size === 60, 20_000);
  const delivered = r.received.filter((x) => x.answer === 200).map((x) => JSON.parse(x.body) as { id: string; stream: string });
  expect(delivered).toHaveLength(60);
  for (const [accountId, ids] of Object.entries(written)) {
    expect(delivered.filter((e) => e.stream === `billing-account-${accountId}`).map((e) => e.id)).toEqual(ids);
  }
  expect((await get(id)).status).toBe('enabled');
});

it('delivers 1,000 events to one endpoint while another hangs, and keeps metrics per endpoint; readiness stays up', async () => {
  const hanging = await receiver(() => 'hang');
  const fast = await receiver(() => 200);
  const hangingId = await endpoint(hanging.url);
  const fastId = await endpoint(fast.url);
  const written: string[] = [];
  for (let i = 0; i < 10; i++) for (const accountId of ['acc_bulk_1', 'acc_bulk_2']) written.push(...(await append(accountId, 50)));
  // Promptly: were the fast endpoint held behind the hanging one, it would get one event per 10 s timeout.
  await eventually('1,000 events at the fast endpoint', () => fast.received.length >= 1_000, 30_000);
  expect(new Set(idsOf(fast))).toEqual(new Set(written));
  // The hanging endpoint was being tried (and held) before the fast one had its events.
  expect(hanging.received.length).toBeGreaterThanOrEqual(1);
  expect(hanging.received[0].at).toBeLessThan(fast.received[999].at);
  await api.http().get('/health/ready').expect(200);
  const metrics = (await api.http().get('/metrics').expect(200)).text;
  expect(metrics).toMatch(new RegExp(`billing_webhook_deliveries_total\\{endpoint="${fastId}"\\} 1000`));
  expect(metrics).not.toMatch(new RegExp(`billing_webhook_deliveries_total\\{endpoint="${hangingId}"\\}`));
  expect(metrics).toContain('billing_webhook_lag_seconds');
}, 60_000);

it('replays from a position and redelivers one event from the log', async () => {
  const r = await receiver(() => 200);
  const id = await endpoint(r.url, 'acc_replay');
  const written = await append('acc_replay', 3);
  await eventually('first pass', () => r.received.length === 3);
  const feed = (await api.http().get('/v1/events?accountId=acc_replay').set(bearer(service)).expect(200)).body.events as { id: string; position: string }[];
  await api.http().post(`/v1/webhook-endpoints/${id}/replay`).set(bearer(service)).send({ fromPosition: feed[0].position }).expect(200);
  await eventually('replayed', () => r.received.length === 5);
  expect(idsOf(r)).toEqual([...written, written[1], written[2]]);
  await api.http().post(`/v1/webhook-endpoints/${id}/deliveries/${written[0]}/redeliver`).set(bearer(service)).expect(202);
  await eventually('redelivered', () => r.received.length === 6);
  expect(idsOf(r)[5]).toBe(written[0]);
  await eventually('logged', async () => (await log(id)).find((d) => d.eventId === written[0] && d.attempts === 2));
  const unknown = await api.http().post(`/v1/webhook-endpoints/${id}/deliveries/${randomUUID()}/redeliver`).set(bearer(service)).expect(404);
  expect(unknown.body.code).toBe('WEBHOOK.DELIVERY_NOT_FOUND');
});

it('sends an endpoint only the event types it asked for', async () => {
  const r = await receiver(() => 200);
  const created = await api.http().post('/v1/webhook-endpoints').set(bearer(service)).send({ url: r.url, eventTypes: ['CreditsPurchased'], accountId: 'acc_types' }).expect(201);
  await append('acc_types', 3); // PlanChanged: not asked for
  const wanted = { id: randomUUID(), type: 'CreditsPurchased', data: { accountId: 'acc_types' } };
  await api.runtime.eventStore.appendToStream('billing-account-acc_types', [wanted], { expectedRevision: 'any' });
  await eventually('the purchase', () => r.received.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(idsOf(r)).toEqual([wanted.id]);
  // Caught up, its cursor moves past the events it does not take (no rescan of them at every look).
  const head = await api.runtime.eventStore.headPosition();
  await eventually('cursor at the head', async () => (await get(created.body.id)).position === head);
});
