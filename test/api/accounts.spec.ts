import { accountStreamName } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// The help page as scenarios, through HTTP, on a real PostgreSQL.
let api: TestApi;
let service: string;
beforeAll(async () => {
  // No payment process here: these scenarios need a reload to stay in flight (it has its own specs).
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  service = await api.token('service');
});
afterAll(async () => {
  await api?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const eventsOf = async (accountId: string) => api.runtime.eventStore.readStream(accountStreamName(accountId));
const now = () => new Date().toISOString();

function openAccount(accountId: string, plan = 'free', extra: Record<string, string> = {}) {
  return api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan, ...extra });
}

describe('opening an account', () => {
  it('opens with 201 and the billing summary; the same body again is 200 and appends nothing', async () => {
    const first = await openAccount('acc_open', 'free', { timezone: 'Europe/Paris' }).expect(201);
    expect(first.body).toMatchObject({ accountId: 'acc_open', plan: { id: 'free', ratePerMinute: { amount: 28, currency: 'usd' } } });
    expect(first.headers['x-correlation-id']).toBeDefined();
    await openAccount('acc_open', 'free', { timezone: 'Europe/Paris' }).expect(200);
    expect(await eventsOf('acc_open')).toHaveLength(1);
  });

  it('answers 409 for a different body under an existing id, and changes nothing', async () => {
    await openAccount('acc_clash', 'free').expect(201);
    const clash = await openAccount('acc_clash', 'pro').expect(409);
    expect(clash.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(clash.body).toMatchObject({ status: 409, code: 'ACCOUNT.ALREADY_EXISTS' });
    expect(await eventsOf('acc_clash')).toHaveLength(1);
  });

  it('refuses a bad body with the offending fields, and records nothing', async () => {
    const response = await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: 'a b', plan: 'gold', extra: 1 }).expect(400);
    expect(response.body.code).toBe('VALIDATION.FAILED');
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['accountId', 'extra', 'plan']);
    expect(await eventsOf('a b')).toHaveLength(0);
  });

  it('refuses malformed JSON and oversized bodies as problem details', async () => {
    const malformed = await api.http().post('/v1/accounts').set(bearer(service)).set('Content-Type', 'application/json').send('{"accountId":').expect(400);
    expect(malformed.body.code).toBe('REQUEST.MALFORMED_JSON');
    const huge = await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: 'x', plan: 'free', pad: 'x'.repeat(100_000) }).expect(413);
    expect(huge.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it('reads JSON bodies as body-parser did: an empty one is {}, a bare scalar is malformed', async () => {
    const post = (body: string) => api.http().post('/v1/accounts').set(bearer(service)).set('Content-Type', 'application/json').send(body);
    expect((await post('').expect(400)).body).toMatchObject({ code: 'VALIDATION.FAILED', errors: expect.arrayContaining([expect.objectContaining({ field: 'accountId' })]) });
    for (const scalar of ['"acc_x"', '42', ' null', 'true']) expect((await post(scalar).expect(400)).body.code).toBe('REQUEST.MALFORMED_JSON');
    expect((await post(' {"accountId":"acc_ws","plan":"free"}').expect(201)).body.accountId).toBe('acc_ws');
  });

  it('matches routes as Express did: in any case and with one trailing slash', async () => {
    await openAccount('acc_Route').expect(201);
    const auditor = await api.token('auditor');
    for (const path of ['/v1/accounts/acc_Route/billing/', '/V1/Accounts/acc_Route/Billing', '/v1/accounts/acc_Route/billing/?x=1']) {
      expect((await api.http().get(path).set(bearer(auditor)).expect(200)).body.accountId).toBe('acc_Route');
    }
    expect((await api.http().get('/v1/accounts/acc_route/billing').set(bearer(auditor)).expect(404)).body.code).toBe('ACCOUNT.NOT_FOUND');
  });

  it('answers a URL that cannot be decoded with a problem, its correlation id and the security headers', async () => {
    const response = await api.http().get('/v1/accounts/acc_1/credit-purchases/%E0%A4%A').set(bearer(service)).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID', correlationId: response.headers['x-correlation-id'] });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('buying credits on Free', () => {
  it('"Free is $0.28/min": 3 blocks cost $84.00', async () => {
    await openAccount('acc_free_quote').expect(201);
    const admin = await api.token('admin', 'acc_free_quote');
    const quote = await api.http().get('/v1/accounts/acc_free_quote/credit-purchases/quote?blocks=3').set(bearer(admin)).expect(200);
    expect(quote.body).toEqual({ blocks: 3, minutes: 300, ratePerMinute: { amount: 28, currency: 'usd' }, total: { amount: 8400, currency: 'usd' } });
    const tooMany = await api.http().get('/v1/accounts/acc_free_quote/credit-purchases/quote?blocks=101').set(bearer(admin)).expect(400);
    expect(tooMany.body).toMatchObject({ code: 'PURCHASE.INVALID_BLOCKS', errors: [{ field: 'blocks', min: 1, max: 100 }] });
  });

  it('"Auto-reload not available on Free plan": enabling it is 409 and records nothing', async () => {
    await openAccount('acc_free_reload').expect(201);
    const admin = await api.token('admin', 'acc_free_reload');
    const refused = await api.http().put('/v1/accounts/acc_free_reload/auto-reload').set(bearer(admin)).send({ enabled: true }).expect(409);
    expect(refused.body.code).toBe('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE');
    expect(await eventsOf('acc_free_reload')).toHaveLength(1);
    const billing = await api.http().get('/v1/accounts/acc_free_reload/billing').set(bearer(admin)).expect(200);
    expect(billing.body.autoReload.notice.message).toBe('Auto-reload not available on Free plan,');
  });
});

describe('Editors', () => {
  it('"Editors see the balance" but may not configure or buy', async () => {
    await openAccount('acc_editor', 'pro').expect(201);
    const editor = await api.token('editor', 'acc_editor');
    const billing = await api.http().get('/v1/accounts/acc_editor/billing').set(bearer(editor)).expect(200);
    expect(billing.body.credits).toEqual({ balanceSeconds: 0, balanceMinutes: 0 });
    expect(billing.body.permissions).toEqual({ canBuyCredits: false, canConfigureAutoReload: false });
    const configure = await api.http().put('/v1/accounts/acc_editor/auto-reload').set(bearer(editor)).send({ enabled: false }).expect(403);
    expect(configure.body.code).toBe('PERMISSION.ADMINISTRATOR_ONLY');
    await api.http().get('/v1/accounts/acc_editor/credit-purchases/quote?blocks=1').set(bearer(editor)).expect(403);
    expect(await eventsOf('acc_editor')).toHaveLength(1);
  });
});

describe('calls and auto-reload on a paid plan', () => {
  const account = 'acc_paid';
  let admin: string;
  beforeAll(async () => {
    await openAccount(account, 'starter').expect(201);
    admin = await api.token('admin', account);
    await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card123' }).expect(200);
  });

  it('names the field and its limits when the threshold is out of range', async () => {
    const response = await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, thresholdMinutes: 101 }).expect(400);
    expect(response.body).toMatchObject({ code: 'AUTO_RELOAD.INVALID_THRESHOLD', errors: [{ field: 'thresholdMinutes', min: 1, max: 100 }] });
  });

  it('uses subscription minutes first, then credits; below the threshold one reload fires, and only one is in flight', async () => {
    const on = await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true, thresholdMinutes: 10, monthlyMax: 2 }).expect(200);
    expect(on.body.autoReload).toMatchObject({ enabled: true, thresholdMinutes: 10, monthlyMax: 2 });

    // Starter includes 500 minutes. A 490-minute call stays inside them; the credit balance (0) is
    // below the 10-minute threshold at the end of the call, so one block is bought.
    const first = await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'c1', durationSeconds: 490 * 60, endedAt: now() }).expect(201);
    expect(first.body).toEqual({
      consumed: { subscriptionSeconds: 29_400, creditSeconds: 0 },
      balanceSeconds: 0,
      autoReload: { outcome: 'triggered', reason: 'triggered', reloadId: 'reload-c1' },
    });

    // "A call is never cut short": the next call uses the last 10 subscription minutes, then goes
    // below zero in credits; the reload awaiting payment means no second one.
    const second = await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'c2', durationSeconds: 15 * 60, endedAt: now() }).expect(201);
    expect(second.body).toEqual({
      consumed: { subscriptionSeconds: 600, creditSeconds: 300 },
      balanceSeconds: -300,
      autoReload: { outcome: 'not_triggered', reason: 'reload_in_flight', reloadId: null },
    });
    const types = (await eventsOf(account)).map((e) => e.type);
    expect(types.filter((t) => t === 'AutoReloadTriggered')).toHaveLength(1);
  });

  it('answers a repeated call id with the first result and appends nothing', async () => {
    const before = (await eventsOf(account)).length;
    const again = await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'c2', durationSeconds: 999, endedAt: now() }).expect(200);
    expect(again.body).toMatchObject({ consumed: { subscriptionSeconds: 600, creditSeconds: 300 }, balanceSeconds: -300 });
    expect(await eventsOf(account)).toHaveLength(before);
  });

  it('refuses a call that ends more than 5 minutes in the future', async () => {
    const later = new Date(Date.now() + 6 * 60_000).toISOString();
    const response = await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'c_future', durationSeconds: 60, endedAt: later }).expect(400);
    expect(response.body).toMatchObject({ code: 'CALL.ENDED_IN_FUTURE', errors: [{ field: 'endedAt' }] });
  });

  it('"Dropping to Free turns auto-reload off and keeps the credits"', async () => {
    const before = await api.http().get(`/v1/accounts/${account}/billing`).set(bearer(admin)).expect(200);
    const after = await api.http().put(`/v1/accounts/${account}/plan`).set(bearer(service)).send({ plan: 'free' }).expect(200);
    expect(after.body.plan.id).toBe('free');
    expect(after.body.credits).toEqual(before.body.credits);
    expect(after.body.autoReload).toMatchObject({ enabled: false, disabledReason: 'not_available_on_plan' });
    const disabled = (await eventsOf(account)).filter((e) => e.type === 'AutoReloadDisabled');
    expect(disabled.map((e) => e.data.reason)).toEqual(['plan_downgrade']);
  });
});

describe('authentication and roles', () => {
  it('answers 401 without a token, with a tampered or an expired one; 403 for a wrong role; 404 for another account', async () => {
    await openAccount('acc_auth').expect(201);
    const url = '/v1/accounts/acc_auth/billing';
    const missing = await api.http().get(url).expect(401);
    expect(missing.body.code).toBe('AUTH.UNAUTHENTICATED');
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const admin = await api.token('admin', 'acc_auth');
    const [header, payload, signature] = admin.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'support' })).toString('base64url');
    await api.http().get(url).set(bearer(`${header}.${forged}.${signature}`)).expect(401);
    await api.http().get(url).set(bearer(await api.token('admin', 'acc_auth', '-1m'))).expect(401); // past the 30 s clock tolerance
    await api.http().get(url).set({ Authorization: 'Basic abc' }).expect(401);
    const wrongRole = await api.http().get(url).set(bearer(service)).expect(403);
    expect(wrongRole.body.code).toBe('AUTH.FORBIDDEN');
    const otherAccount = await api.http().get(url).set(bearer(await api.token('admin', 'acc_someone_else'))).expect(404);
    expect(otherAccount.body.code).toBe('ACCOUNT.NOT_FOUND');
    await api.http().get(url).set(bearer(await api.token('support'))).expect(200);
    await api.http().get(url).set(bearer(admin)).expect(200);
  });

  it('publishes the OpenAPI document at /docs-json', async () => {
    const docs = await api.http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/accounts', '/v1/accounts/{accountId}/billing', '/v1/accounts/{accountId}/calls', '/v1/accounts/{accountId}/auto-reload']),
    );
  });

  it('counts commands by type and outcome, and requests by route, at /metrics', async () => {
    const metrics = await api.http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/billing_commands_total\{command="RecordCallEnded",outcome="accepted"\} [1-9]/);
    expect(metrics.text).toMatch(/billing_commands_total\{command="RecordCallEnded",outcome="unchanged"\} [1-9]/);
    expect(metrics.text).toMatch(/billing_commands_total\{command="ConfigureAutoReload",outcome="refused"\} [1-9]/);
    expect(metrics.text).toContain('route="/v1/accounts/:accountId/calls",status="201"');
    expect(metrics.text).not.toContain('acc_paid'); // account ids never become labels
  });
});
