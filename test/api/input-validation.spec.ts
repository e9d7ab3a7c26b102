import { randomUUID } from 'node:crypto';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { accountStreamName, canonicalTimeZones, EVENT_SCHEMA_VERSIONS } from '@billing/domain';
import { TimeZones } from '@billing/api/accounts/time-zones';
import { startTestApi, type TestApi } from '../support/api';

// Input that cannot poison shared views: time zones every layer accepts, prototype keys refused at any
// depth, path parameters held to the same patterns as bodies. Through HTTP, on a real PostgreSQL.
let api: TestApi;
let service: string;
let support: string;
let admin: string;
beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  [service, support, admin] = await Promise.all([api.token('service'), api.token('support'), api.token('admin', 'acc_iv')]);
  await openAccount({ accountId: 'acc_iv', plan: 'starter' }).expect(201);
});
afterAll(async () => {
  await api?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const eventCount = async () => Number((await api.runtime.pool.query('SELECT count(*) AS n FROM es_events')).rows[0].n);
const openAccount = (body: unknown) => api.http().post('/v1/accounts').set(bearer(service)).set('Content-Type', 'application/json').send(JSON.stringify(body));

/** Waits until the account list (a read model) shows `accountId`. */
async function listed(accountId: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const list = await api.http().get(`/v1/accounts?q=${accountId}`).set(bearer(support));
    if (list.status === 200 && list.body.some((a: { accountId: string }) => a.accountId === accountId)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${accountId} never appeared in the account list`);
}

describe('time zones: only names the domain and this PostgreSQL both accept', () => {
  // US/Pacific-New: Intl resolves it, PostgreSQL (tzdata ≥ 2020b) does not; US/Pacific and Etc/GMT+5
  // are aliases both resolve (refused: canonical names only; Etc/GMT+5 is UTC−5, POSIX's inverted sign).
  const refused = ['US/Pacific-New', 'US/Pacific', 'Foo/Bar', '+01:00', 'x'.repeat(300), 'Etc/GMT+5', 'Etc/UTC', 'europe/paris', ' UTC', ''];
  it.each(refused)('refuses %j with 400 naming the field timezone, and records nothing', async (timezone) => {
    const before = await eventCount();
    const response = await openAccount({ accountId: 'acc_tz_refused', plan: 'free', timezone }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('VALIDATION.FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'timezone' })]);
    expect(await eventCount()).toBe(before);
  });

  it('agrees with this PostgreSQL: every name the domain accepts works in AT TIME ZONE here, and the API takes it', async () => {
    const names = [...canonicalTimeZones()];
    const { rows } = await api.runtime.pool.query(
      `SELECT z, to_char(now() AT TIME ZONE z, 'YYYY-MM') AS month FROM unnest($1::text[]) AS z`, [names]);
    expect(rows).toHaveLength(names.length);
    const zones = await TimeZones.load(api.runtime.pool);
    expect(names.filter((name) => !zones.accepts(name))).toEqual([]);
  });

  it.each(['Europe/Paris', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'UTC'])('opens an account in %s, and the list shows it', async (timezone) => {
    const accountId = `acc_tz_${timezone.replace(/\W/g, '_')}`;
    await openAccount({ accountId, plan: 'free', timezone }).expect(201);
    await listed(accountId);
  });

  it('takes a missing or null timezone as UTC, the default', async () => {
    expect((await openAccount({ accountId: 'acc_tz_null', plan: 'free', timezone: null }).expect(201)).body.timeZone).toBe('UTC');
    expect((await openAccount({ accountId: 'acc_tz_none', plan: 'free' }).expect(201)).body.timeZone).toBe('UTC');
  });

  it('keeps GET /v1/accounts at 200 for every caller with stored zones that PostgreSQL, or nobody, knows', async () => {
    // As an older version could have stored them: straight into the store, past today's validation.
    for (const [accountId, timeZone] of [['acc_old_pacific_new', 'US/Pacific-New'], ['acc_old_poisoned', 'Foo/Bar']]) {
      await api.runtime.eventStore.appendToStream(accountStreamName(accountId), [{
        id: randomUUID(), type: 'AccountOpened', schemaVersion: EVENT_SCHEMA_VERSIONS.AccountOpened,
        data: { accountId, at: new Date().toISOString(), planId: 'starter', timeZone, stripeCustomerId: null, openedBy: 'svc-old' },
      }], { expectedRevision: 'no_stream' });
    }
    await listed('acc_old_poisoned');
    const auditor = await api.token('auditor');
    for (const token of [support, auditor]) {
      for (const query of ['', '?sort=reloadsThisMonth&order=desc', '?plan=starter', '?q=acc_old']) {
        const list = await api.http().get(`/v1/accounts${query}`).set(bearer(token)).expect(200);
        expect(list.body.length).toBeGreaterThan(0);
      }
    }
    const all = await api.http().get('/v1/accounts?limit=100').set(bearer(support)).expect(200);
    const byId = Object.fromEntries(all.body.map((a: { accountId: string; currentMonth: string }) => [a.accountId, a.currentMonth]));
    const utcMonth = new Date().toISOString().slice(0, 7);
    expect(byId.acc_old_poisoned).toBe(utcMonth); // nobody knows Foo/Bar: the domain counts it in UTC, the default
    expect(byId.acc_old_pacific_new).toMatch(/^\d{4}-\d{2}$/);
    expect(byId.acc_iv).toMatch(/^\d{4}-\d{2}$/);
  });

  it('keeps billing the account whose stored zone nobody knows: its call ends and billing page work (in UTC)', async () => {
    const call = await api.http().post('/v1/accounts/acc_old_poisoned/calls').set(bearer(service))
      .send({ callId: 'c_poisoned', durationSeconds: 60, endedAt: new Date().toISOString() }).expect(201);
    expect(call.body).toMatchObject({ autoReload: { outcome: 'not_triggered' } });
    const billing = await api.http().get('/v1/accounts/acc_old_poisoned/billing').set(bearer(support)).expect(200);
    expect(billing.body).toMatchObject({ accountId: 'acc_old_poisoned' });
  });
});

describe('prototype keys are unknown properties, at any depth', () => {
  const bodies: [string, string][] = [
    ['__proto__', '{"accountId":"acc_proto","plan":"starter","__proto__":{"admin":true}}'],
    ['constructor', '{"accountId":"acc_proto","plan":"starter","constructor":{"prototype":{"admin":true}}}'],
    ['prototype', '{"accountId":"acc_proto","plan":"starter","prototype":{"admin":true}}'],
    ['nested.__proto__', '{"accountId":"acc_proto","plan":"starter","nested":{"__proto__":{"admin":true}}}'],
    ['list.1.deeper.constructor', '{"accountId":"acc_proto","plan":"starter","list":[1,{"deeper":{"constructor":{"admin":true}}}]}'],
    // An escaped key is the same key once parsed.
    ['__proto__', '{"accountId":"acc_proto","plan":"starter","\\u005f_proto__":{"admin":true}}'],
  ];
  it.each(bodies)('refuses a body with %s: 400 naming it, nothing recorded, Object.prototype untouched', async (field, body) => {
    const before = await eventCount();
    const response = await api.http().post('/v1/accounts').set(bearer(service)).set('Content-Type', 'application/json').send(body).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [expect.objectContaining({ field })] });
    expect(await eventCount()).toBe(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses them on every body route (a call end, auto-reload settings) and in a query', async () => {
    const call = await api.http().post('/v1/accounts/acc_iv/calls').set(bearer(service)).set('Content-Type', 'application/json')
      .send('{"callId":"c1","durationSeconds":60,"endedAt":"2026-01-01T00:00:00Z","__proto__":{"admin":true}}').expect(400);
    expect(call.body.errors).toEqual([expect.objectContaining({ field: '__proto__' })]);
    const settings = await api.http().put('/v1/accounts/acc_iv/auto-reload').set(bearer(admin)).set('Content-Type', 'application/json')
      .send('{"enabled":false,"constructor":{"prototype":{"admin":true}}}').expect(400);
    expect(settings.body.errors).toEqual([expect.objectContaining({ field: 'constructor' })]);
    const query = await api.http().get('/v1/accounts/acc_iv/ledger?__proto__=1').set(bearer(support)).expect(400);
    expect(query.body.errors).toEqual([expect.objectContaining({ field: '__proto__' })]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['arrays', `{"accountId":"acc_deep","plan":"free","x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`],
    ['objects', `{"accountId":"acc_deep","plan":"free","x":${'{"x":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
    ['a top-level array', `${'['.repeat(30_000)}${']'.repeat(30_000)}`],
  ])('refuses a body of %s nested 10,000 levels deep with 400, not a stack overflow', async (_kind, body) => {
    const response = await api.http().post('/v1/accounts').set(bearer(service)).set('Content-Type', 'application/json').send(body).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [expect.objectContaining({ message: expect.stringMatching(/nested more than/) })] });
  });

  it('still takes ordinary bodies and keeps refusing other unknown properties', async () => {
    await openAccount({ accountId: 'acc_plain', plan: 'starter' }).expect(201);
    const unknown = await openAccount({ accountId: 'acc_plain2', plan: 'starter', isAdmin: true }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin' })]);
  });
});

describe('path parameters are validated like body fields', () => {
  // Express decodes the segment: these arrive as "..", a space, "é", NUL, 65 characters, "a.b".
  const odd = ['%2E%2E', 'has%20space', '%C3%A9t%C3%A9', 'acc%00', 'a'.repeat(65), 'a.b', '%3Cscript%3E'];
  it.each(odd)('refuses accountId %s with 400 naming it, on an account route', async (id) => {
    const response = await api.http().get(`/v1/accounts/${id}/billing`).set(bearer(support)).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [expect.objectContaining({ field: 'accountId', in: 'path' })] });
  });

  it.each(odd)('refuses purchaseId %s with 400 naming it, on a purchase route', async (id) => {
    const response = await api.http().get(`/v1/accounts/acc_iv/credit-purchases/${id}`).set(bearer(support)).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [expect.objectContaining({ field: 'purchaseId', in: 'path' })] });
  });

  it('sees every path parameter of every route: each one is bound with @Param, which is where the pipe checks it', () => {
    const unbound: string[] = [];
    const checked = new Set<string>();
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const controller = metatype as unknown as { prototype: Record<string, unknown> };
        const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
        for (const method of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = method === 'constructor' ? undefined : controller.prototype[method];
          const route = typeof handler === 'function' ? Reflect.getMetadata(PATH_METADATA, handler) : undefined;
          if (route === undefined) continue;
          const args = Object.entries<{ data?: string }>(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {});
          const bound = args.filter(([key]) => key.startsWith(`${RouteParamtypes.PARAM}:`)).map(([, arg]) => arg.data ?? '*');
          for (const [, name] of `${base}/${String(route)}`.matchAll(/:(\w+)/g)) {
            checked.add(`${base}/${String(route)}`);
            if (!bound.includes(name) && !bound.includes('*')) unbound.push(`${controller.prototype.constructor.name}.${method} :${name}`);
          }
        }
      }
    }
    expect(unbound).toEqual([]);
    expect(checked.size).toBeGreaterThanOrEqual(17); // every route under accounts/:accountId, a purchase, the sandbox, the audit replay
  });

  it('refuses a bad accountId on a write before anything is recorded', async () => {
    const before = await eventCount();
    const response = await api.http().post('/v1/accounts/acc%00/calls').set(bearer(service))
      .send({ callId: 'c2', durationSeconds: 60, endedAt: '2026-01-01T00:00:00Z' }).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'accountId' })]);
    expect(await eventCount()).toBe(before);
  });

  it('answers in an order that leaks nothing: 401 without a token, 404 to another account\'s Administrator, valid id or not', async () => {
    await api.http().get('/v1/accounts/%2E%2E/billing').expect(401);
    for (const id of ['acc_other', '%2E%2E', 'a'.repeat(65)]) {
      const response = await api.http().get(`/v1/accounts/${id}/billing`).set(bearer(admin)).expect(404);
      expect(response.body.code).toBe('ACCOUNT.NOT_FOUND');
    }
    await api.http().get('/v1/accounts/acc_iv/billing').set(bearer(admin)).expect(200);
    await api.http().get('/v1/accounts/acc_iv/credit-purchases/pur_none').set(bearer(admin)).expect(404);
  });
});
