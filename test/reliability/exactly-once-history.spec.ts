import { randomUUID } from 'node:crypto';
import {
  accountStreamName, type AccountState, currentSchemaVersion, decide, DEFAULT_PLANS, evolveAll, idempotencyKeyOf, initialState, upcast,
} from '@billing/domain';
import { type EventToAppend, PostgresEventStore } from '@billing/event-store';
import { signToken } from '@billing/api/auth/tokens';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, type ServiceProcess, startService, waitForHealthy } from '../support/service-process';

// "A call id is billed once, however late its retry", with the folded state no longer remembering call
// ids: two API processes on one database, accounts with long histories (written quickly with batch
// appends, as the service would have written them: keyed), snapshots in use.
const SECRET = 'exactly-once-history-secret-at-least-32-chars';
let db: TestDatabase;
let store: PostgresEventStore;
const processes: ServiceProcess[] = [];
let svc: string;

beforeAll(async () => {
  db = await createTestDatabase();
  store = await PostgresEventStore.open({ connectionString: db.url });
  svc = await signToken({ sub: 'platform', role: 'service' }, SECRET);
  for (let i = 0; i < 2; i++) {
    const started = startService({ DATABASE_URL: db.url, AUTH_JWT_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'warn' }, await freePort());
    processes.push(started);
  }
  await Promise.all(processes.map((p) => waitForHealthy(p.url, 60_000)));
}, 90_000);
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await store?.close();
  await db?.drop();
});

async function send(url: string, path: string, body?: object, token = svc): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method: body ? 'POST' : 'GET', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The billing page's credits, as an administrator of the account sees them. */
async function credits(url: string, accountId: string): Promise<unknown> {
  const { status, body } = await send(url, `/v1/accounts/${accountId}/billing`, undefined, await signToken({ sub: 'owner', role: 'admin', accountId }, SECRET));
  expect(status).toBe(200);
  return body.credits;
}

const events = async (accountId: string) => store.readStream(accountStreamName(accountId));
const fold = async (accountId: string): Promise<AccountState> =>
  evolveAll((await events(accountId)).map((e) => upcast({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })), initialState());

/** `count` more call ends decided by the domain, appended 1,000 events per append with their keys. */
async function appendCalls(accountId: string, count: number, tag: string): Promise<void> {
  let state = await fold(accountId);
  let revision = (await events(accountId)).length - 1;
  const at = new Date().toISOString();
  for (let done = 0; done < count;) {
    const batch: EventToAppend[] = [];
    for (; batch.length < 1_000 && done < count; done++) {
      const decided = decide({ type: 'RecordCallEnded', accountId, callId: `${tag}-${done}`, durationSeconds: 60, endedAt: at, at, actor: { id: 'platform', role: 'service' } }, state, { plans: DEFAULT_PLANS });
      state = evolveAll(decided, state);
      batch.push(...decided.map((e) => ({
        id: randomUUID(), type: e.type, schemaVersion: currentSchemaVersion(e.type), data: e.data as never, idempotencyKey: idempotencyKeyOf(e),
      })));
    }
    revision = (await store.appendToStream(accountStreamName(accountId), batch, { expectedRevision: revision })).nextRevision;
  }
}

it('answers a late duplicate of the first call, after 20,000 later calls, with its first result and changes nothing', async () => {
  const [a, b] = processes;
  expect((await send(a.url, '/v1/accounts', { accountId: 'acc_late', plan: 'pro' })).status).toBe(201);
  const first = await send(a.url, '/v1/accounts/acc_late/calls', { callId: 'first', durationSeconds: 754, endedAt: new Date().toISOString() });
  expect(first.status).toBe(201);
  await appendCalls('acc_late', 20_000, 'later');
  const before = await events('acc_late');
  expect(before).toHaveLength(20_002);
  const balance = await credits(a.url, 'acc_late');
  // Pro includes 2,000 minutes; the rest of 754 s + 20,000 minutes went below zero in credits.
  expect(balance).toMatchObject({ balanceSeconds: 2_000 * 60 - 754 - 20_000 * 60 });

  // On both processes (one had it cached, one folds it now), with the same and with another duration.
  for (const [url, durationSeconds] of [[b.url, 754], [a.url, 754], [b.url, 1]] as const) {
    const again = await send(url, '/v1/accounts/acc_late/calls', { callId: 'first', durationSeconds, endedAt: new Date().toISOString() });
    expect(again).toEqual({ status: 200, body: first.body });
  }
  expect(await events('acc_late')).toHaveLength(before.length);
  expect(await credits(b.url, 'acc_late')).toEqual(balance);
  // The state that answered does not carry 20,000 call ids.
  expect(Buffer.byteLength(JSON.stringify(await fold('acc_late')))).toBeLessThan(4_096);
}, 120_000);

it('lets two processes racing the same call ids on an account with a snapshot record each once', async () => {
  const [a, b] = processes;
  expect((await send(a.url, '/v1/accounts', { accountId: 'acc_race', plan: 'starter' })).status).toBe(201);
  await appendCalls('acc_race', 1_500, 'old');
  // A process folding that many events saves a snapshot; the other then loads from it.
  await credits(a.url, 'acc_race');
  const deadline = Date.now() + 20_000;
  while (!(await store.pool.query(`SELECT 1 FROM account_snapshots WHERE account_id = 'acc_race'`)).rowCount) {
    if (Date.now() > deadline) throw new Error('no snapshot was saved');
    await new Promise((r) => setTimeout(r, 50));
  }
  const before = (await events('acc_race')).length;
  for (let i = 0; i < 20; i++) {
    const call = { callId: `race-${i}`, durationSeconds: 90, endedAt: new Date().toISOString() };
    const answers = await Promise.all([send(a.url, '/v1/accounts/acc_race/calls', call), send(b.url, '/v1/accounts/acc_race/calls', call)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(answers[0].body).toEqual(answers[1].body);
  }
  // An old call id, recorded before either process had the account cached: still recognised.
  expect((await send(b.url, '/v1/accounts/acc_race/calls', { callId: 'old-3', durationSeconds: 60, endedAt: new Date().toISOString() })).status).toBe(200);
  const after = await events('acc_race');
  expect(after).toHaveLength(before + 20);
  const ids = after.filter((e) => e.type === 'CallMinutesConsumed').map((e) => e.data.callId);
  expect(new Set(ids).size).toBe(ids.length);
}, 120_000);
