import type { Role } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// Every endpoint × every caller: allowed roles get through, other roles 403, another account's
// Administrator or Editor 404, no token 401 — and a refused request records nothing.
let api: TestApi;
const A = 'acc_matrix';

interface Route {
  method: 'get' | 'post' | 'put';
  path: string;
  body?: object;
  allowed: Role[];
  /** Whether :accountId scoping applies (admin/editor of another account → 404). */
  scoped: boolean;
  /** Let through by the route, refused by the domain with its own code (Editors buying or configuring). */
  refusedByDomain?: Role[];
}

const ROUTES: Route[] = [
  { method: 'post', path: '/v1/accounts', body: { accountId: A, plan: 'pro' }, allowed: ['service', 'support'], scoped: false },
  { method: 'get', path: '/v1/accounts', allowed: ['support', 'auditor'], scoped: false },
  { method: 'put', path: `/v1/accounts/${A}/plan`, body: { plan: 'pro' }, allowed: ['service'], scoped: true },
  { method: 'put', path: `/v1/accounts/${A}/payment-method`, body: { paymentMethodId: 'pm_card_visa' }, allowed: ['service'], scoped: true },
  { method: 'get', path: `/v1/accounts/${A}/billing`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: `/v1/accounts/${A}/credit-purchases/quote?blocks=1`, allowed: ['admin'], scoped: true },
  { method: 'post', path: `/v1/accounts/${A}/credit-purchases`, body: { blocks: 1 }, allowed: ['admin', 'editor'], scoped: true, refusedByDomain: ['editor'] },
  { method: 'get', path: `/v1/accounts/${A}/credit-purchases`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'put', path: `/v1/accounts/${A}/auto-reload`, body: { enabled: false }, allowed: ['admin', 'editor'], scoped: true, refusedByDomain: ['editor'] },
  { method: 'post', path: `/v1/accounts/${A}/calls`, body: { callId: 'm1', durationSeconds: 1, endedAt: '2026-01-01T00:00:00Z' }, allowed: ['service'], scoped: true },
  { method: 'post', path: '/v1/call-ends', body: { callEnds: [{ accountId: A, callId: 'm2', durationSeconds: 1, endedAt: '2026-01-01T00:00:00Z' }] }, allowed: ['service'], scoped: false },
  { method: 'get', path: `/v1/accounts/${A}/calls`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: `/v1/accounts/${A}/reloads`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: `/v1/accounts/${A}/ledger`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: `/v1/accounts/${A}/balance?asOf=2030-01-01T00:00:00Z`, allowed: ['admin', 'support', 'auditor'], scoped: true },
  { method: 'get', path: `/v1/accounts/${A}/events`, allowed: ['support', 'auditor'], scoped: true },
  { method: 'get', path: '/v1/events', allowed: ['service', 'support', 'auditor'], scoped: false },
];

const CALLERS: { name: string; role?: Role; accountId?: string }[] = [
  { name: 'admin', role: 'admin', accountId: A },
  { name: 'editor', role: 'editor', accountId: A },
  { name: 'support', role: 'support' },
  { name: 'auditor', role: 'auditor' },
  { name: 'service', role: 'service' },
  { name: "another account's admin", role: 'admin', accountId: 'acc_elsewhere' },
  { name: "another account's editor", role: 'editor', accountId: 'acc_elsewhere' },
  { name: 'no token' },
];

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false' });
  const service = await api.token('service');
  await api.http().post('/v1/accounts').set('Authorization', `Bearer ${service}`).send({ accountId: A, plan: 'pro' }).expect(201);
});
afterAll(async () => {
  await api?.close();
});

function expected(route: Route, caller: (typeof CALLERS)[number]): 'allowed' | 401 | 403 | 404 {
  if (!caller.role) return 401;
  if (!route.allowed.includes(caller.role)) return 403;
  if (route.scoped && (caller.role === 'admin' || caller.role === 'editor') && caller.accountId !== A) return 404;
  return route.refusedByDomain?.includes(caller.role) ? 403 : 'allowed';
}

const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller, outcome: expected(route, caller) })));

it.each(cases.map((c) => [`${c.route.method.toUpperCase()} ${c.route.path.split('?')[0]}`, c.caller.name, c.outcome, c] as const))(
  '%s as %s → %s',
  async (_route, _caller, outcome, { route, caller }) => {
    const before = (await api.runtime.eventStore.readStream(`billing-account-${A}`)).length;
    let request = api.http()[route.method](route.path);
    if (caller.role) request = request.set('Authorization', `Bearer ${await api.token(caller.role, caller.accountId)}`);
    const response = await (route.body ? request.send(route.body) : request);
    if (outcome === 'allowed') {
      expect([401, 403, 404]).not.toContain(response.status);
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(outcome);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await api.runtime.eventStore.readStream(`billing-account-${A}`)).toHaveLength(before);
    }
  },
);
