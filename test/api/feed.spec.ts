import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApi, type TestApi } from '../support/api';

// The downstream feed: ordered, paginated, resumable; and the same over Server-Sent Events.
let api: TestApi;
let service: string;
let base: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  service = await api.token('service');
  await api.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  for (const accountId of ['acc_f1', 'acc_f10']) {
    await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'pro' }).expect(201);
    await api.http().put(`/v1/accounts/${accountId}/plan`).set(bearer(service)).send({ plan: 'business' }).expect(200);
  }
});
afterAll(async () => {
  await api?.close();
});

const call = (accountId: string, callId: string) =>
  api.http().post(`/v1/accounts/${accountId}/calls`).set(bearer(service)).send({ callId, durationSeconds: 60, endedAt: new Date().toISOString() }).expect(201);

it('pages through every event in order, resumes from `next`, and filters by account and type exactly', async () => {
  // The feed shows an event once older transactions on the server have ended (the store's rule
  // against skipping): on a busy test server that can take a moment.
  const seen: { position: string; id: string; stream: string }[] = [];
  const deadline = Date.now() + 15_000;
  let after: string | undefined;
  while (seen.length < 4 && Date.now() < deadline) {
    const page = await api.http().get('/v1/events').query({ limit: 3, ...(after ? { after } : {}) }).set(bearer(service)).expect(200);
    seen.push(...page.body.events);
    after = page.body.next ?? after;
    if (page.body.events.length < 3) await new Promise((r) => setTimeout(r, 50));
  }
  expect(seen.map((e) => e.stream)).toEqual(['billing-account-acc_f1', 'billing-account-acc_f1', 'billing-account-acc_f10', 'billing-account-acc_f10']);
  expect(new Set(seen.map((e) => e.id)).size).toBe(4);
  for (let i = 1; i < seen.length; i++) expect(seen[i - 1].position < seen[i].position).toBe(true);

  const one = await api.http().get('/v1/events?accountId=acc_f1').set(bearer(await api.token('auditor'))).expect(200);
  expect(one.body.events.map((e: { stream: string }) => e.stream)).toEqual(['billing-account-acc_f1', 'billing-account-acc_f1']);
  const typed = await api.http().get('/v1/events?types=PlanChanged').set(bearer(await api.token('support'))).expect(200);
  expect(typed.body.events.map((e: { type: string; schemaVersion: number }) => [e.type, e.schemaVersion])).toEqual([['PlanChanged', 1], ['PlanChanged', 1]]);

  expect((await api.http().get('/v1/events?after=42').set(bearer(service)).expect(400)).body.code).toBe('VALIDATION.FAILED');
  // A misspelt type would match nothing for ever: refused, naming the known types (the stream takes the same query).
  for (const path of ['/v1/events?types=PlanChanged,CreditPurchased', '/v1/events/stream?types=Nope']) {
    const refused = await api.http().get(path).set(bearer(service)).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'types', message: expect.stringContaining('CreditsPurchased') }] });
  }
  await api.http().get('/v1/events').set(bearer(await api.token('admin', 'acc_f1'))).expect(403);
});

/** Opens the SSE stream and collects `count` events, then disconnects. */
function sse(path: string, count: number, lastEventId?: string): Promise<{ id: string; event: string; data: { id: string; type: string } }[]> {
  return new Promise((resolve, reject) => {
    const received: { id: string; event: string; data: { id: string; type: string } }[] = [];
    const req = httpRequest(`${base}${path}`, { headers: { Authorization: `Bearer ${service}`, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) } }, (res: IncomingMessage) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
          if (fields.data) received.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
          if (received.length === count) {
            req.destroy();
            resolve(received);
          }
        }
      });
    });
    req.on('error', (error) => (received.length === count ? undefined : reject(error)));
    req.setTimeout(15_000, () => reject(new Error(`only ${received.length} of ${count} events arrived`)));
    req.end();
  });
}

it('streams events over SSE with the position as id, and a consumer that reconnects with Last-Event-ID misses nothing and repeats nothing', async () => {
  const first = await sse('/v1/events/stream?accountId=acc_f1', 2);
  expect(first.map((e) => e.event)).toEqual(['AccountOpened', 'PlanChanged']);
  // While the consumer is away, more happens.
  await call('acc_f1', 'sse_1');
  await call('acc_f10', 'sse_other');
  await call('acc_f1', 'sse_2');
  const resumed = await sse('/v1/events/stream?accountId=acc_f1', 2, first[1].id);
  expect(resumed.map((e) => e.event)).toEqual(['CallMinutesConsumed', 'CallMinutesConsumed']);
  const all = [...first, ...resumed];
  expect(new Set(all.map((e) => e.data.id)).size).toBe(4);
  for (let i = 1; i < all.length; i++) expect(all[i - 1].id < all[i].id).toBe(true);
  // Live: an event appended while connected arrives.
  const live = sse(`/v1/events/stream?accountId=acc_f1`, 1, resumed[1].id);
  await new Promise((r) => setTimeout(r, 200));
  await call('acc_f1', 'sse_live');
  expect((await live)[0].event).toBe('CallMinutesConsumed');
});
