import { signToken } from '@billing/api/auth/tokens';
import { startTestApi, TEST_SECRET, type TestApi } from '../support/api';

// Expensive reads (they fold or scan history) are limited per principal: RATE_LIMIT_EXPENSIVE_PER_MINUTE
// each a minute, then 429 problem+json with Retry-After. Nobody else's budget moves, and call ends,
// webhooks and the cheap reads are never limited.
const LIMIT = 3;
let api: TestApi;
let service: string;
const as = (sub: string, role: 'auditor' | 'support' | 'admin' | 'service', accountId?: string) => signToken({ sub, role, accountId }, TEST_SECRET);
const get = async (path: string, token: string) => api.http().get(path).set('Authorization', `Bearer ${token}`);
const EXPENSIVE = [
  '/v1/audit/verify',
  '/v1/audit/accounts/acc_rl/replay',
  `/v1/accounts/acc_rl/balance?asOf=${encodeURIComponent('2030-01-01T00:00:00Z')}`,
  '/v1/accounts/acc_rl/ledger/export.csv?from=2020-01-01&to=2030-01-01',
];

beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_EXPENSIVE_PER_MINUTE: String(LIMIT), PAYMENT_PROCESS_ENABLED: 'false' });
  service = await as('call-platform', 'service');
  await api.http().post('/v1/accounts').set('Authorization', `Bearer ${service}`).send({ accountId: 'acc_rl', plan: 'starter' }).expect(201);
  await api.http().post('/v1/accounts').set('Authorization', `Bearer ${service}`).send({ accountId: 'acc_other', plan: 'starter' }).expect(201);
});
afterAll(async () => {
  await api?.close();
});

it.each(EXPENSIVE)('%s: the (N+1)-th read by one principal is 429 with Retry-After; another principal is unaffected', async (path) => {
  const greedy = await as(`auditor-greedy-${path}`, 'auditor');
  for (let i = 0; i < LIMIT; i++) expect((await get(path, greedy)).status).toBe(200);
  const refused = await get(path, greedy);
  expect(refused.status).toBe(429);
  expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMIT.EXCEEDED', title: 'Too Many Requests' });
  const retryAfter = Number(refused.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60 / LIMIT).toBe(true);

  expect((await get(path, await as(`auditor-patient-${path}`, 'auditor'))).status).toBe(200);
  expect((await get('/v1/accounts/acc_rl/ledger', greedy)).status).toBe(200); // a cheap read by the same principal
});

it('an Administrator of one account is not one of another, even under the same subject', async () => {
  const path = (account: string) => `/v1/accounts/${account}/balance?asOf=2030-01-01T00:00:00Z`;
  const mine = await as('shared-subject', 'admin', 'acc_rl');
  for (let i = 0; i < LIMIT; i++) expect((await get(path('acc_rl'), mine)).status).toBe(200);
  expect((await get(path('acc_rl'), mine)).status).toBe(429);
  expect((await get(path('acc_other'), await as('shared-subject', 'admin', 'acc_other'))).status).toBe(200);
});

it('never limits call ends, Stripe webhooks or the cheap reads, and counts the 429s by route on /metrics', async () => {
  const auth = { Authorization: `Bearer ${service}` };
  for (let n = 0; n < LIMIT * 4; n++) {
    const call = await api.http().post('/v1/accounts/acc_rl/calls').set(auth).send({ callId: `rl_${n}`, durationSeconds: 30, endedAt: new Date().toISOString() });
    expect(call.status).toBe(201);
    const webhook = await api.http().post('/v1/webhooks/stripe').set('Stripe-Signature', 't=1,v1=00').send({ id: 'evt_1' });
    expect(webhook.status).toBe(400);
  }
  const support = await as('support-reader', 'support');
  for (let n = 0; n < LIMIT * 4; n++) {
    for (const cheap of ['/v1/accounts', '/v1/accounts/acc_rl/billing', '/v1/accounts/acc_rl/ledger', '/v1/accounts/acc_rl/events']) {
      expect((await get(cheap, support)).status).toBe(200);
    }
  }
  const metrics = (await api.http().get('/metrics').expect(200)).text;
  for (const route of ['/v1/audit/verify', '/v1/audit/accounts/:accountId/replay', '/v1/accounts/:accountId/balance', '/v1/accounts/:accountId/ledger/export.csv']) {
    expect(metrics).toMatch(new RegExp(`^billing_rate_limited_total\\{route="${route.replace(/[.]/g, '\\.')}"\\} [1-9]`, 'm'));
  }
});
