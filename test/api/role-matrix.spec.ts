import type { Role } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// Every endpoint × every caller, on an existing account and on one that does not exist yet: allowed
// roles get through, other roles 403 (a command route with the domain's own refusal code), another
// account's Administrator or Editor 404, no token 401 — and a refused request records nothing, even
// where the route's answer for an identical retry (opening an account that exists) would change nothing.
let api: TestApi;
const A = 'acc_matrix';

type Target = 'existing' | 'new';

interface Route {
  method: 'get' | 'post' | 'put';
  path: (accountId: string) => string;
  body?: (accountId: string) => object;
  /** Written out here, not read from the domain: the test states the decision (COMMAND_PERMISSIONS). */
  allowed: Role[];
  /** Whether :accountId scoping applies (admin/editor of another account → 404). */
  scoped: boolean;
  /** A command route: the code a refused role gets (the domain's permission refusal). */
  refusal?: string;
  /** The route that opens an account: on a new account an allowed caller opens it (201). */
  opens?: boolean;
  /** A command route that needs the account to exist (an allowed caller on a new account gets 404 ACCOUNT.NOT_FOUND). */
  needsAccount?: boolean;
}

const ROUTES: Route[] = [
  { method: 'post', path: () => '/v1/accounts', body: (id) => ({ accountId: id, plan: 'pro' }), allowed: ['service', 'support'], scoped: false, refusal: 'PERMISSION.NOT_PERMITTED', opens: true },
  { method: 'get', path: () => '/v1/accounts', allowed: ['support', 'auditor'], scoped: false },
  { method: 'put', path: (id) => `/v1/accounts/${id}/plan`, body: () => ({ plan: 'pro' }), allowed: ['service', 'support'], scoped: true, refusal: 'PERMISSION.NOT_PERMITTED', needsAccount: true },
  { method: 'put', path: (id) => `/v1/accounts/${id}/payment-method`, body: () => ({ paymentMethodId: 'pm_card_visa' }), allowed: ['service', 'support'], scoped: true, refusal: 'PERMISSION.NOT_PERMITTED', needsAccount: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/billing`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/credit-purchases/quote?blocks=1`, allowed: ['admin'], scoped: true, refusal: 'PERMISSION.ADMINISTRATOR_ONLY' },
  { method: 'post', path: (id) => `/v1/accounts/${id}/credit-purchases`, body: () => ({ blocks: 1 }), allowed: ['admin'], scoped: true, refusal: 'PERMISSION.ADMINISTRATOR_ONLY', needsAccount: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/credit-purchases`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'put', path: (id) => `/v1/accounts/${id}/auto-reload`, body: () => ({ enabled: false }), allowed: ['admin'], scoped: true, refusal: 'PERMISSION.ADMINISTRATOR_ONLY', needsAccount: true },
  { method: 'post', path: (id) => `/v1/accounts/${id}/calls`, body: () => ({ callId: 'm1', durationSeconds: 1, endedAt: '2026-01-01T00:00:00Z' }), allowed: ['service'], scoped: true, refusal: 'PERMISSION.SERVICE_ONLY', needsAccount: true },
  { method: 'post', path: () => '/v1/call-ends', body: (id) => ({ callEnds: [{ accountId: id, callId: 'm2', durationSeconds: 1, endedAt: '2026-01-01T00:00:00Z' }] }), allowed: ['service'], scoped: false, refusal: 'PERMISSION.SERVICE_ONLY' },
  { method: 'get', path: (id) => `/v1/accounts/${id}/calls`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/reloads`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/ledger`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/balance?asOf=2030-01-01T00:00:00Z`, allowed: ['admin', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/events`, allowed: ['support', 'auditor'], scoped: true },
  { method: 'post', path: (id) => `/v1/accounts/${id}/auto-reload/preview`, body: () => ({ thresholdMinutes: 10, monthlyMaximum: 5 }), allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/settings-history`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: (id) => `/v1/accounts/${id}/billing/forecast`, allowed: ['admin', 'editor', 'support', 'auditor'], scoped: true },
  { method: 'get', path: () => '/v1/events', allowed: ['service', 'support', 'auditor'], scoped: false },
];

/** `own`: the caller's token names the account the request is about. */
const CALLERS: { name: string; role?: Role; own?: boolean }[] = [
  { name: 'admin', role: 'admin', own: true },
  { name: 'editor', role: 'editor', own: true },
  { name: 'support', role: 'support' },
  { name: 'auditor', role: 'auditor' },
  { name: 'service', role: 'service' },
  { name: "another account's admin", role: 'admin', own: false },
  { name: "another account's editor", role: 'editor', own: false },
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

type Outcome = 'allowed' | 'opened' | 'not_found' | 401 | 403 | 404;

function expected(route: Route, caller: (typeof CALLERS)[number], target: Target): Outcome {
  if (!caller.role) return 401;
  if (!route.allowed.includes(caller.role)) return 403;
  if (route.scoped && caller.own === false) return 404;
  if (target === 'new' && route.opens) return 'opened';
  if (target === 'new' && route.needsAccount) return 'not_found';
  return 'allowed';
}

let fresh = 0;
const cases = (['existing', 'new'] as const).flatMap((target) =>
  ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller, target, outcome: expected(route, caller, target) }))),
);

const streamLength = async (id: string) => (await api.runtime.eventStore.readStream(`billing-account-${id}`)).length;

it.each(cases.map((c) => [`${c.route.method.toUpperCase()} ${c.route.path(':id').split('?')[0]}`, c.target, c.caller.name, c.outcome, c] as const))(
  '%s on a %s account as %s → %s',
  async (_route, target, _caller, outcome, { route, caller }) => {
    const id = target === 'existing' ? A : `acc_new_${++fresh}`;
    const before = await streamLength(id);
    let request = api.http()[route.method](route.path(id));
    if (caller.role) request = request.set('Authorization', `Bearer ${await api.token(caller.role, caller.own === false ? 'acc_elsewhere' : id)}`);
    const response = await (route.body ? request.send(route.body(id)) : request);
    if (outcome === 'allowed') {
      expect([401, 403]).not.toContain(response.status);
      expect(response.status).toBeLessThan(500);
      // Through the guard; a read of an account that does not exist is the account's 404, nothing else.
      if (response.status === 404) expect([target, response.body.code]).toEqual(['new', 'ACCOUNT.NOT_FOUND']);
    } else if (outcome === 'opened') {
      expect(response.status).toBe(201);
      expect(await streamLength(id)).toBe(1);
    } else if (outcome === 'not_found') {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ACCOUNT.NOT_FOUND');
      expect(await streamLength(id)).toBe(0);
    } else {
      expect(response.status).toBe(outcome);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (outcome === 403) expect(response.body.code).toBe(route.refusal ?? 'AUTH.FORBIDDEN');
      expect(await streamLength(id)).toBe(before);
    }
  },
);
