import { randomUUID } from 'node:crypto';
import { accountStreamName, reloadKey } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// POST /v1/call-ends on the real app and PostgreSQL: each item answered as the single endpoint would.
let api: TestApi;
let service: string;
beforeAll(async () => {
  // No payment process: a triggered reload stays in flight, as the auto-reload scenario needs.
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  service = await api.token('service');
});
afterAll(async () => {
  await api?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const eventsOf = (accountId: string) => api.runtime.eventStore.readStream(accountStreamName(accountId));
const now = () => new Date().toISOString();
const open = (accountId: string, plan = 'free') => api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan }).expect(201);
const single = (accountId: string, body: Record<string, unknown>) => api.http().post(`/v1/accounts/${accountId}/calls`).set(bearer(service)).send(body);
const batch = (callEnds: unknown[]) => api.http().post('/v1/call-ends').set(bearer(service)).send({ callEnds });
const consumedOf = async (accountId: string) => (await eventsOf(accountId)).filter((e) => e.type === 'CallMinutesConsumed');

/** Buys credits through the sandbox checkout, so that calls on Free have a balance to use. */
async function withCredits(accountId: string, blocks: number) {
  const admin = await api.token('admin', accountId);
  const started = await api.http().post(`/v1/accounts/${accountId}/credit-purchases`).set(bearer(admin)).send({ blocks }).expect(201);
  await api.http().post(`${new URL(started.body.checkoutUrl).pathname}/pay`).expect(303);
}

describe('answers', () => {
  it('answers mixed good, repeated, invalid and unknown-account items each as the single endpoint does, in request order', async () => {
    await open('b_mixed');
    await open('b_other');
    await single('b_mixed', { callId: 'earlier', durationSeconds: 60, endedAt: now() }).expect(201);
    const future = new Date(Date.now() + 6 * 60_000).toISOString();
    const items = [
      { accountId: 'b_mixed', callId: 'm1', durationSeconds: 30, endedAt: now() },
      { accountId: 'b_mixed', callId: 'earlier', durationSeconds: 60, endedAt: now() },
      { accountId: 'b_mixed', callId: 'm2', durationSeconds: 1.5, endedAt: now() },
      { accountId: 'b_mixed', callId: 'm3', durationSeconds: 30, endedAt: future },
      { accountId: 'b_nobody', callId: 'n1', durationSeconds: 30, endedAt: now() },
      { accountId: 'b d', callId: 'n2', durationSeconds: 30, endedAt: now() },
      { accountId: 'b_other', callId: 'o1', durationSeconds: 30, endedAt: now(), extra: true },
      JSON.parse('{"accountId":"b_other","callId":"o2","durationSeconds":30,"endedAt":"2026-11-25T10:15:00Z","__proto__":{"x":1}}'),
      42,
      { accountId: 'b_other', callId: 'o3', durationSeconds: 45, endedAt: now() },
    ];
    const response = await batch(items).expect(200);
    const results = response.body.results as Record<string, unknown>[];
    expect(results.map((r) => [r.accountId, r.callId, r.status, r.code])).toEqual([
      ['b_mixed', 'm1', 201, undefined],
      ['b_mixed', 'earlier', 200, undefined],
      ['b_mixed', 'm2', 400, 'VALIDATION.FAILED'],
      ['b_mixed', 'm3', 400, 'CALL.ENDED_IN_FUTURE'],
      ['b_nobody', 'n1', 404, 'ACCOUNT.NOT_FOUND'],
      ['b d', 'n2', 400, 'VALIDATION.FAILED'],
      ['b_other', 'o1', 400, 'VALIDATION.FAILED'],
      ['b_other', 'o2', 400, 'VALIDATION.FAILED'],
      [null, null, 400, 'VALIDATION.FAILED'],
      ['b_other', 'o3', 201, undefined],
    ]);
    // The same bodies the single endpoint answers.
    const { accountId: _a, callId: _c, status: _s, ...created } = results[0];
    expect(created).toEqual({ consumed: { subscriptionSeconds: 30, creditSeconds: 0 }, balanceSeconds: 0, autoReload: { outcome: 'not_triggered', reason: 'not_available_on_plan', reloadId: null } });
    const again = await single('b_mixed', { callId: 'm1', durationSeconds: 30, endedAt: now() }).expect(200);
    expect(again.body).toEqual(created);
    const repeated = await single('b_mixed', { callId: 'earlier', durationSeconds: 60, endedAt: now() }).expect(200);
    expect(results[1]).toMatchObject(repeated.body);
    const alone = await single('b_nobody', { callId: 'n1', durationSeconds: 30, endedAt: now() }).expect(404);
    expect(results[4]).toMatchObject({ type: alone.body.type, title: alone.body.title, detail: alone.body.detail, code: alone.body.code });
    expect(results[2]).toMatchObject({ type: 'urn:billing:problem:VALIDATION.FAILED', errors: [{ field: 'durationSeconds' }], correlationId: response.headers['x-correlation-id'] });
    expect(results[6].errors).toEqual([{ field: 'extra', message: 'property extra should not exist' }]);
    expect(results[5].errors).toEqual([expect.objectContaining({ field: 'accountId' })]);
    expect((await consumedOf('b_mixed')).map((e) => e.data.callId)).toEqual(['earlier', 'm1']);
    expect((await consumedOf('b_other')).map((e) => e.data.callId)).toEqual(['o3']);
  });

  it('costs an account one append for its items, in the order given, and answers a call id twice in one batch with the first result', async () => {
    await open('b_order');
    await open('b_order2');
    const appends = jest.spyOn(api.runtime.eventStore, 'appendToStream');
    const together = jest.spyOn(api.runtime.eventStore, 'appendToStreams');
    try {
      const response = await batch([
        { accountId: 'b_order', callId: 'x1', durationSeconds: 1_200, endedAt: now() },
        { accountId: 'b_order2', callId: 'y1', durationSeconds: 60, endedAt: now() },
        { accountId: 'b_order', callId: 'x2', durationSeconds: 1_200, endedAt: now() },
        { accountId: 'b_order', callId: 'x1', durationSeconds: 999, endedAt: now() },
        { accountId: 'b_order', callId: 'x3', durationSeconds: 600, endedAt: now() },
      ]).expect(200);
      const results = response.body.results;
      expect(results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201, 200, 201]);
      // Free includes 30 minutes: each call decided on what the previous one left (x1's repeat: its first result).
      expect(results.map((r: { consumed: { subscriptionSeconds: number; creditSeconds: number } }) => [r.consumed.subscriptionSeconds, r.consumed.creditSeconds]))
        .toEqual([[1_200, 0], [60, 0], [600, 600], [1_200, 0], [0, 600]]);
      expect(results.map((r: { balanceSeconds: number }) => r.balanceSeconds)).toEqual([0, 0, -600, 0, -1_200]);
      expect(results[3]).toEqual({ ...results[0], status: 200 });
      // Alone or among other accounts' appends in one appendToStreams call: one append for the account.
      const calls = [...appends.mock.calls, ...together.mock.calls.flatMap(([many]) => many.map((a) => [a.stream, a.events] as const))];
      const toOrder = calls.filter(([stream]) => stream === accountStreamName('b_order'));
      expect(toOrder).toHaveLength(1);
      expect(toOrder[0][1].map((e) => e.type)).toEqual(['CallMinutesConsumed', 'CallMinutesConsumed', 'CallMinutesConsumed']);
    } finally {
      appends.mockRestore();
      together.mockRestore();
    }
    expect((await consumedOf('b_order')).map((e) => [e.data.callId, e.data.creditBalanceAfterSeconds])).toEqual([['x1', 0], ['x2', -600], ['x3', -1_200]]);
  });

  it('is idempotent per account and call id across both endpoints, and when two batches with the same ids race', async () => {
    await open('b_race');
    await single('b_race', { callId: 's1', durationSeconds: 10, endedAt: now() }).expect(201);
    const items = Array.from({ length: 20 }, (_, i) => ({ accountId: 'b_race', callId: `r${i}`, durationSeconds: 10, endedAt: now() }));
    const [a, b] = await Promise.all([batch([...items, { accountId: 'b_race', callId: 's1', durationSeconds: 10, endedAt: now() }]), batch(items)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    for (let i = 0; i < items.length; i++) {
      const pair = [a.body.results[i], b.body.results[i]];
      expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
      const { status: _s1, ...first } = pair[0];
      const { status: _s2, ...second } = pair[1];
      expect(first).toEqual(second);
    }
    expect(a.body.results[20]).toMatchObject({ callId: 's1', status: 200, consumed: { subscriptionSeconds: 10, creditSeconds: 0 } });
    expect(await consumedOf('b_race')).toHaveLength(21);
    const later = await single('b_race', { callId: 'r7', durationSeconds: 10, endedAt: now() }).expect(200);
    expect(later.body).toEqual((({ accountId: _a, callId: _c, status: _s, ...body }) => body)(a.body.results[7]));
  });

  it('records 1,000 items over many accounts, each account in its order', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => `b_many_${i}`);
    for (const account of accounts) await open(account);
    const items = Array.from({ length: 1_000 }, (_, i) => ({ accountId: accounts[i % accounts.length], callId: `k${i}`, durationSeconds: 100, endedAt: now() }));
    const response = await batch(items).expect(200);
    expect(response.body.results).toHaveLength(1_000);
    response.body.results.forEach((r: { accountId: string; callId: string; status: number; balanceSeconds: number }, i: number) => {
      expect([r.accountId, r.callId, r.status]).toEqual([items[i].accountId, items[i].callId, 201]);
      // The n-th call of an account: Free's 1,800 included seconds first, then credits, in order.
      expect(r.balanceSeconds).toBe(Math.min(0, 1_800 - 100 * (Math.floor(i / accounts.length) + 1)));
    });
    expect((await consumedOf('b_many_3')).map((e) => e.data.callId)).toEqual(Array.from({ length: 25 }, (_, n) => `k${n * 40 + 3}`));
  });
});

describe('auto-reload in a batch', () => {
  it('is triggered by the third call of a batch and not again by the fourth while that reload is in flight', async () => {
    const account = 'b_reload';
    await open(account, 'starter');
    const admin = await api.token('admin', account);
    await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card123' }).expect(200);
    await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, thresholdMinutes: 10, monthlyMax: 2 }).expect(200);
    await withCredits(account, 1); // 100 minutes of credit; Starter includes 500 more
    const call = (callId: string, minutes: number) => ({ accountId: account, callId, durationSeconds: minutes * 60, endedAt: now() });
    const response = await batch([call('a1', 400), call('a2', 100), call('a3', 95), call('a4', 1)]).expect(200);
    expect(response.body.results.map((r: { status: number; autoReload: { reason: string; reloadId: string | null } }) => [r.status, r.autoReload.reason, r.autoReload.reloadId])).toEqual([
      [201, 'above_threshold', null],
      [201, 'above_threshold', null],
      [201, 'triggered', 'reload-a3'],
      [201, 'reload_in_flight', null],
    ]);
    expect((await eventsOf(account)).filter((e) => e.type === 'AutoReloadTriggered')).toHaveLength(1);
  });

  it('runs an account\'s items one at a time when the store holds a key of theirs that is no call id, answering each as the single endpoint does', async () => {
    // The reload t1 would trigger is held by another stream's event: the batch's one append is refused
    // for a key that is none of its call ids. A twin account shows what the single endpoint answers then.
    const prepare = async (account: string) => {
      await open(account, 'starter');
      const admin = await api.token('admin', account);
      await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card123' }).expect(200);
      await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, thresholdMinutes: 10, monthlyMax: 5 }).expect(200);
      await api.runtime.eventStore.appendToStream(`other-${account}`, [{ id: randomUUID(), type: 'Unrelated', schemaVersion: 1, data: {}, idempotencyKey: reloadKey(account, 'reload-t1') }], { expectedRevision: 'no_stream' });
    };
    await prepare('b_fallback');
    await prepare('b_fallback_twin');
    const alone = await single('b_fallback_twin', { callId: 't1', durationSeconds: 60, endedAt: now() });
    expect(alone.status).toBe(500);
    const call = (callId: string) => ({ accountId: 'b_fallback', callId, durationSeconds: 60, endedAt: now() });
    const response = await batch([call('t1'), call('t2')]).expect(200);
    expect(response.body.results[0]).toMatchObject({ callId: 't1', status: alone.status, code: alone.body.code, detail: alone.body.detail });
    expect(response.body.results[1]).toMatchObject({ callId: 't2', status: 201, autoReload: { reason: 'triggered', reloadId: 'reload-t2' } });
    expect((await consumedOf('b_fallback')).map((e) => e.data.callId)).toEqual(['t2']);
  });
});

describe('the envelope', () => {
  it('is refused whole only when malformed: not JSON, not an array, 0 or more than 1,000 items, unknown fields', async () => {
    const post = () => api.http().post('/v1/call-ends').set(bearer(service));
    const item = { accountId: 'b_env', callId: 'e1', durationSeconds: 1, endedAt: now() };
    const malformed = await post().set('Content-Type', 'application/json').send('{"callEnds": [').expect(400);
    expect(malformed.body.code).toBe('REQUEST.MALFORMED_JSON');
    for (const body of [{ callEnds: {} }, { callEnds: [] }, { callEnds: Array.from({ length: 1_001 }, () => item) }, {}, { callEnds: [item], more: 1 }]) {
      const refused = await post().send(body).expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('VALIDATION.FAILED');
    }
    const array = await post().send([item]).expect(400);
    expect(array.body.code).toBe('VALIDATION.FAILED');
    expect(await eventsOf('b_env')).toHaveLength(0);
  });

  it('takes a body over the other routes\' 64 KB limit and refuses one over 1 MB with 413', async () => {
    await open('b_big');
    const callId = 'c'.repeat(100);
    const items = Array.from({ length: 1_000 }, (_, i) => ({ accountId: 'b_big', callId: `${callId}${i}`, durationSeconds: 1, endedAt: now() }));
    expect(JSON.stringify({ callEnds: items }).length).toBeGreaterThan(100_000);
    await batch(items).expect(200);
    const huge = await api.http().post('/v1/call-ends').set(bearer(service)).send({ callEnds: [{ accountId: 'b_big', callId: 'z', durationSeconds: 1, endedAt: now(), pad: 'x'.repeat(1_100_000) }] }).expect(413);
    expect(huge.body.code).toBe('REQUEST.TOO_LARGE');
    expect(await consumedOf('b_big')).toHaveLength(1_000);
  });

  it('is for the service role only', async () => {
    await open('b_roles');
    const body = { callEnds: [{ accountId: 'b_roles', callId: 'r1', durationSeconds: 1, endedAt: now() }] };
    await api.http().post('/v1/call-ends').send(body).expect(401);
    for (const token of [await api.token('admin', 'b_roles'), await api.token('editor', 'b_roles'), await api.token('support')]) {
      const refused = await api.http().post('/v1/call-ends').set(bearer(token)).send(body).expect(403);
      expect(refused.body.code).toBe('PERMISSION.SERVICE_ONLY'); // the domain's refusal, as on the single endpoint
    }
    expect(await eventsOf('b_roles')).toHaveLength(1);
  });
});
