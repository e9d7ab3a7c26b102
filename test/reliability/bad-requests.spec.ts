import fc from 'fast-check';
import type { Role } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// 10,000 generated bad requests across every endpoint: never a 5xx, never an event, always a
// problem+json with a stable code.
let api: TestApi;
const A = 'acc_fuzz';
const tokens = new Map<Role, string>();

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }) // every generated request reaches validation;
  for (const role of ['admin', 'service', 'support', 'auditor'] as Role[]) tokens.set(role, await api.token(role, role === 'admin' ? A : undefined));
  await api.http().post('/v1/accounts').set('Authorization', `Bearer ${tokens.get('service')}`).send({ accountId: A, plan: 'pro' }).expect(201);
}, 60_000);
afterAll(async () => {
  await api?.close();
});

interface BodyEndpoint {
  method: 'post' | 'put';
  path: string;
  role: Role;
  valid: Record<string, unknown>;
  required: string[];
  /** Values each field can never take. */
  bad: Record<string, unknown[]>;
}

const NOT_A_STRING = [1, -1, 1e300, true, [], {}, ['a']];
const NOT_AN_ID = ['', 'has space', 'x'.repeat(300), 'semi;colon', 'new\nline', '\u0000', ...NOT_A_STRING];
const NOT_A_COUNT = [-1, 0.5, 1e300, -1e300, 'NaN', '12', '', true, [], {}];
const NOT_A_PLAN = ['gold', '', 'FREE', 'free ', 1, true, [], {}];
const NOT_AN_INSTANT = ['yesterday', '', '2026-13-40T00:00:00Z', '1', 17e11, true, [], {}];
// Zones one layer resolves and another does not, aliases, offsets, other casings.
const NOT_A_TIME_ZONE = ['Mars/Olympus', 'US/Pacific-New', 'US/Pacific', 'Etc/GMT+5', 'Etc/UTC', 'EST', 'GMT', '+01:00', 'UTC+1', 'europe/paris', 'Foo/Bar', '', 'x'.repeat(300), '__proto__'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
// Path segments as sent (percent-encoded): "..", a space, Unicode, NUL, too long, a dot, bad encodings.
const NOT_A_PATH_ID = ['%2E%2E', '.%2E', 'has%20space', '%C3%A9', '%E2%80%AE', 'acc%00', 'a'.repeat(65), 'a.b', '%3Cb%3E', '%25', '%E0%A4%A', '%'];

const BODY_ENDPOINTS: BodyEndpoint[] = [
  { method: 'post', path: '/v1/accounts', role: 'service', valid: { accountId: 'acc_new', plan: 'free', timezone: 'UTC' }, required: ['accountId', 'plan'],
    bad: { accountId: NOT_AN_ID, plan: NOT_A_PLAN, timezone: [...NOT_A_TIME_ZONE, ...NOT_A_STRING] } },
  { method: 'put', path: `/v1/accounts/${A}/plan`, role: 'service', valid: { plan: 'business' }, required: ['plan'], bad: { plan: NOT_A_PLAN } },
  { method: 'put', path: `/v1/accounts/${A}/payment-method`, role: 'service', valid: { paymentMethodId: 'pm_card_visa' }, required: ['paymentMethodId'],
    bad: { paymentMethodId: ['card_visa', 'pm_', 'pm_ x', ...NOT_AN_ID] } },
  { method: 'post', path: `/v1/accounts/${A}/calls`, role: 'service', valid: { callId: 'fuzz_call', durationSeconds: 60, endedAt: '2026-01-01T00:00:00Z' },
    required: ['callId', 'durationSeconds', 'endedAt'], bad: { callId: NOT_AN_ID, durationSeconds: [...NOT_A_COUNT, 604_801], endedAt: [...NOT_AN_INSTANT, '2999-01-01T00:00:00Z'] } },
  { method: 'put', path: `/v1/accounts/${A}/auto-reload`, role: 'admin', valid: { enabled: false, thresholdMinutes: 10, monthlyMax: 5 }, required: ['enabled'],
    bad: { enabled: ['yes', 1, 0, 'true', [], {}], thresholdMinutes: [...NOT_A_COUNT, 0, 101], monthlyMax: [...NOT_A_COUNT, 0, 51] } },
  { method: 'post', path: `/v1/accounts/${A}/credit-purchases`, role: 'admin', valid: { blocks: 2 }, required: ['blocks'], bad: { blocks: [...NOT_A_COUNT, 0, 101] } },
];

const mutatedBody = fc.oneof(
  // A required field missing, or null.
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS), pick: fc.nat(), nullify: fc.boolean() }).map(({ endpoint, pick, nullify }) => {
    const field = endpoint.required[pick % endpoint.required.length];
    const body: Record<string, unknown> = { ...endpoint.valid };
    if (nullify) body[field] = null;
    else delete body[field];
    return { endpoint, body: JSON.stringify(body) };
  }),
  // A field with a value it can never take.
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS), pick: fc.nat(), which: fc.nat() }).map(({ endpoint, pick, which }) => {
    const fields = Object.keys(endpoint.bad);
    const field = fields[pick % fields.length];
    const values = endpoint.bad[field];
    return { endpoint, body: JSON.stringify({ ...endpoint.valid, [field]: values[which % values.length] }) };
  }),
  // An unknown field.
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS), name: fc.constantFrom('isAdmin', 'balanceSeconds', 'role', 'amount') })
    .map(({ endpoint, name }) => ({ endpoint, body: JSON.stringify({ ...endpoint.valid, [name]: 1 }) })),
  // A prototype key, at the top or nested (written as text: an object literal would not keep it).
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS), key: fc.constantFrom(...PROTOTYPE_KEYS), depth: fc.nat(3) }).map(({ endpoint, key, depth }) => {
    const value = '{"admin":true}';
    const nested = depth === 0 ? `"${key}":${value}` : `"n":${'{"n":'.repeat(depth - 1)}{"${key}":${value}}${'}'.repeat(depth - 1)}`;
    return { endpoint, body: `${JSON.stringify(endpoint.valid).slice(0, -1)},${nested}}` };
  }),
  // Nested far deeper than any request (class-transformer would recurse into it).
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS), depth: fc.integer({ min: 17, max: 20_000 }), open: fc.constantFrom('[', '{"n":') })
    .map(({ endpoint, depth, open }) => ({ endpoint, body: `${JSON.stringify(endpoint.valid).slice(0, -1)},"deep":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}}` })),
  // A valid body on a path whose account id is odd.
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS.filter((e) => e.path.includes(A))), id: fc.constantFrom(...NOT_A_PATH_ID) })
    .map(({ endpoint, id }) => ({ endpoint: { ...endpoint, path: endpoint.path.replace(A, id) }, body: JSON.stringify(endpoint.valid) })),
  // Not JSON at all, or cut short.
  fc.record({ endpoint: fc.constantFrom(...BODY_ENDPOINTS), text: fc.constantFrom('{', '{"a":', '[1,2', 'plan=free', '{"accountId":"a" "plan":1}', '\u0000') })
    .map(({ endpoint, text }) => ({ endpoint, body: text })),
  // Far too big.
  fc.constantFrom(...BODY_ENDPOINTS).map((endpoint) => ({ endpoint, body: JSON.stringify({ ...endpoint.valid, pad: 'x'.repeat(70_000) }) })),
);

const badQuery = fc.oneof(
  fc.constantFrom('0', '101', '-3', '1.5', 'abc', '1e300', '').map((blocks) => ({ role: 'admin' as Role, path: `/v1/accounts/${A}/credit-purchases/quote?blocks=${encodeURIComponent(blocks)}` })),
  fc.constantFrom('chargeback', 'call,nope', '%00').map((kind) => ({ role: 'support' as Role, path: `/v1/accounts/${A}/ledger?kind=${kind}` })),
  fc.constantFrom('0', '9999', '-1', 'ten').map((limit) => ({ role: 'support' as Role, path: `/v1/accounts/${A}/ledger?limit=${limit}` })),
  fc.constantFrom('yesterday', '2026-13-40', '1', '').map((asOf) => ({ role: 'auditor' as Role, path: `/v1/accounts/${A}/balance?asOf=${encodeURIComponent(asOf)}` })),
  fc.constantFrom('42', 'start', '00000000000000000001', '1-1').map((after) => ({ role: 'service' as Role, path: `/v1/events?after=${after}` })),
  fc.constantFrom('price', 'DROP').map((sort) => ({ role: 'support' as Role, path: `/v1/accounts?sort=${sort}` })),
  fc.constantFrom(...PROTOTYPE_KEYS).map((key) => ({ role: 'support' as Role, path: `/v1/accounts/${A}/ledger?${key}=1` })),
  // Odd path parameters on every kind of account route, and on a purchase.
  fc.record({ id: fc.constantFrom(...NOT_A_PATH_ID), route: fc.constantFrom('billing', 'ledger', 'calls', 'reloads', 'credit-purchases', 'events', 'balance') })
    .map(({ id, route }) => ({ role: 'support' as Role, path: `/v1/accounts/${id}/${route}` })),
  fc.constantFrom(...NOT_A_PATH_ID).map((id) => ({ role: 'support' as Role, path: `/v1/accounts/${A}/credit-purchases/${id}` })),
  fc.constantFrom(...NOT_A_PATH_ID).map((id) => ({ role: 'auditor' as Role, path: `/v1/audit/accounts/${id}/replay` })),
);

const request = fc.oneof(
  { weight: 4, arbitrary: mutatedBody.map((r) => ({ kind: 'body' as const, ...r })) },
  { weight: 1, arbitrary: badQuery.map((r) => ({ kind: 'query' as const, ...r })) },
);

async function eventCount(): Promise<number> {
  const { rows } = await api.runtime.pool.query('SELECT count(*)::int AS n FROM es_events');
  return rows[0].n;
}

it('answers 10,000 bad requests with a 4xx problem+json and records nothing', async () => {
  const before = await eventCount();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const response = r.kind === 'body'
        ? await api.http()[r.endpoint.method](r.endpoint.path).set('Authorization', `Bearer ${tokens.get(r.endpoint.role)}`).set('Content-Type', 'application/json').send(r.body)
        : await api.http().get(r.path).set('Authorization', `Bearer ${tokens.get(r.role)}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(typeof response.body.code).toBe('string');
    }),
    { numRuns: 10_000 },
  );
  expect(await eventCount()).toBe(before);
  expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 413]));
  // A prototype key in a body that got through would have reached class-transformer: nothing changed.
  expect(({} as Record<string, unknown>).admin).toBeUndefined();
}, 300_000);

// The batch endpoint: the call endpoint's bad bodies as items (with bad account ids too), one to three
// a batch, and bad envelopes. Each bad item is answered alone with its 4xx problem inside a 200; an
// envelope that is not JSON or not an envelope is a 4xx problem+json as a whole. Nothing is recorded.
const CALLS = BODY_ENDPOINTS.find((e) => e.path === `/v1/accounts/${A}/calls`);
if (!CALLS) throw new Error('the call endpoint is missing from BODY_ENDPOINTS');
const badCallEnd = fc.record({ mutated: mutatedBody, badId: fc.option(fc.constantFrom(...NOT_AN_ID), { freq: 3 }) })
  .filter(({ mutated }) => mutated.endpoint.path.endsWith('/calls'))
  .map(({ mutated, badId }) => {
    const accountId = badId ?? mutated.endpoint.path.split('/')[3];
    // The mutated body's fields after the item's account id (text: prototype keys and bad JSON stay as sent).
    return mutated.body.startsWith('{') ? `{"accountId":${JSON.stringify(accountId)},${mutated.body.slice(1)}` : mutated.body;
  });
const validItem = JSON.stringify({ accountId: A, ...CALLS.valid });
const badEnvelope = fc.constantFrom(
  '[]', `[${validItem}]`, '{"callEnds":{}}', '{"callEnds":[]}', '{"callEnds":1}', '{"callEnds":null}', '{}', 'null', '"x"',
  `{"callEnds":[${validItem}],"more":1}`, `{"__proto__":{"admin":true},"callEnds":[${validItem}]}`, `{"constructor":{},"callEnds":[${validItem}]}`,
  `{"callEnds":[${Array.from({ length: 1_001 }, () => validItem).join(',')}]}`,
  `{"callEnds":[{"accountId":"${A}","callId":"big","durationSeconds":1,"endedAt":"2026-01-01T00:00:00Z","pad":"${'x'.repeat(1_100_000)}"}]}`,
);
const batchBody = fc.oneof(
  { weight: 4, arbitrary: fc.array(badCallEnd, { minLength: 1, maxLength: 3 }).map((items) => `{"callEnds":[${items.join(',')}]}`) },
  { weight: 1, arbitrary: badEnvelope },
);

it('answers 1,000 bad batches of call ends item by item, or as a whole when the envelope is bad, and records nothing', async () => {
  const before = await eventCount();
  const seen = { items: 0, envelopes: 0 };
  await fc.assert(
    fc.asyncProperty(batchBody, async (body) => {
      const response = await api.http().post('/v1/call-ends').set('Authorization', `Bearer ${tokens.get('service')}`).set('Content-Type', 'application/json').send(body);
      if (response.status === 200) {
        seen.items++;
        expect(response.body.results.length).toBeGreaterThan(0);
        for (const result of response.body.results) {
          expect(result.status).toBeGreaterThanOrEqual(400);
          expect(result.status).toBeLessThan(500);
          expect(typeof result.code).toBe('string');
        }
        return;
      }
      seen.envelopes++;
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(typeof response.body.code).toBe('string');
    }),
    { numRuns: 1_000 },
  );
  expect(await eventCount()).toBe(before);
  expect(seen.items).toBeGreaterThan(100);
  expect(seen.envelopes).toBeGreaterThan(100);
  expect(({} as Record<string, unknown>).admin).toBeUndefined();
}, 300_000);
