import { accountStreamName, evolveAll, initialState, upcast } from '@billing/domain';
import { PostgresEventStore } from '@billing/event-store';
import { signToken } from '@billing/api/auth/tokens';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, type ServiceProcess, startService, waitForHealthy } from '../support/service-process';

// Two API processes on one database under load; the one owning the projections and the payment
// process is killed: the other takes both over, and nothing is projected or paid twice.
const SECRET = 'two-process-secret-that-is-at-least-32-chars';
const ACCOUNTS = Array.from({ length: 6 }, (_, i) => `acc_two_${i}`);
let db: TestDatabase;
const processes: ServiceProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await db?.drop();
});

async function start(): Promise<ServiceProcess> {
  const started = startService({ DATABASE_URL: db.url, AUTH_JWT_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'info' }, await freePort());
  processes.push(started);
  await waitForHealthy(started.url, 60_000);
  return started;
}

async function post(url: string, path: string, token: string, body: object, method = 'POST'): Promise<number> {
  const response = await fetch(`${url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

it('hands projections and reload payments to the surviving process, applying and paying each event once', async () => {
  const first = await start();
  const second = await start();
  const svc = await signToken({ sub: 'platform', role: 'service' }, SECRET);
  for (const accountId of ACCOUNTS) {
    const admin = await signToken({ sub: 'owner', role: 'admin', accountId }, SECRET);
    expect(await post(first.url, '/v1/accounts', svc, { accountId, plan: 'starter' })).toBe(201);
    expect(await post(second.url, `/v1/accounts/${accountId}/payment-method`, svc, { paymentMethodId: 'pm_card_visa' }, 'PUT')).toBe(200);
    expect(await post(first.url, `/v1/accounts/${accountId}/auto-reload`, admin, { enabled: true, thresholdMinutes: 100, monthlyMax: 20 }, 'PUT')).toBe(200);
  }
  // The first process started first, so it owns the projections and the payment process.
  expect(first.output()).toContain('auto-reload payments owned');

  let stop = false;
  const load = (url: string, tag: string) => (async () => {
    for (let n = 0; !stop; n++) {
      try {
        await post(url, `/v1/accounts/${ACCOUNTS[n % ACCOUNTS.length]}/calls`, svc, { callId: `${tag}_${n}`, durationSeconds: 1_800, endedAt: new Date().toISOString() });
      } catch {
        return;
      }
    }
  })();
  const loads = [load(first.url, 'a'), load(first.url, 'b'), load(second.url, 'c'), load(second.url, 'd')];
  await new Promise((r) => setTimeout(r, 1_000));
  first.child.kill('SIGKILL');
  await first.exited;
  await new Promise((r) => setTimeout(r, 1_500)); // the survivor keeps taking calls meanwhile
  stop = true;
  await Promise.all(loads);

  const store = await PostgresEventStore.open({ connectionString: db.url, migrate: false });
  try {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const head = await store.headPosition();
      const { rows } = await store.pool.query('SELECT position FROM projection_checkpoints');
      let settled = true;
      for (const accountId of ACCOUNTS) {
        const events = await store.readStream(accountStreamName(accountId));
        const triggered = events.filter((e) => e.type === 'AutoReloadTriggered').length;
        const paid = events.filter((e) => e.type === 'CreditsPurchased').map((e) => e.data.purchaseId);
        expect(new Set(paid).size).toBe(paid.length); // never paid twice
        if (paid.length !== triggered) settled = false;
      }
      if (settled && head && rows.length >= 6 && rows.every((r: { position: string }) => r.position >= head)) break;
      if (Date.now() > deadline) throw new Error(`not settled; survivor's log:\n${second.output().slice(-2_000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(second.output()).toContain('auto-reload payments owned');
    // Each read model row once, equal to the fold: the ledger has one row per credit movement.
    for (const accountId of ACCOUNTS) {
      const events = await store.readStream(accountStreamName(accountId));
      const state = evolveAll(events.map((e) => upcast({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })), initialState());
      const account = await store.pool.query('SELECT balance_seconds FROM proj_accounts WHERE account_id = $1', [accountId]);
      expect(Number(account.rows[0].balance_seconds)).toBe(state.credits.balanceSeconds);
      const movements = events.filter((e) => e.type === 'CreditsPurchased' || (e.type === 'CallMinutesConsumed' && Number(e.data.creditSeconds) > 0)).length;
      const ledger = await store.pool.query('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM proj_credit_ledger WHERE account_id = $1', [accountId]);
      expect(ledger.rows[0]).toEqual({ n: movements, d: movements });
    }
  } finally {
    await store.close();
  }
}, 180_000);
