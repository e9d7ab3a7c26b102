import { accountStreamName, evolveAll, initialState, upcast } from '@billing/domain';
import { PostgresEventStore } from '@billing/event-store';
import { signToken } from '@billing/api/auth/tokens';
import { verifyReadModels } from '@billing/api/audit/verify';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, type ServiceProcess, startService, waitForHealthy } from '../support/service-process';

// kill -9 of the API process in the middle of a load, then a restart on the same database: every
// call end that was answered 2xx is in the store, the read models catch up to exactly what the
// events say, and no reload is paid twice.
const SECRET = 'reliability-secret-that-is-at-least-32-chars';
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => `acc_kill_${i}`);
let db: TestDatabase;
let service: ServiceProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  service?.child.kill('SIGKILL');
  await db?.drop();
});

const start = async () => {
  const port = await freePort();
  const started = startService({ DATABASE_URL: db.url, AUTH_JWT_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'error' }, port);
  await waitForHealthy(started.url, 60_000);
  return started;
};

async function send(url: string, method: string, path: string, token: string, body?: object): Promise<number> {
  const response = await fetch(`${url}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  await response.arrayBuffer();
  return response.status;
}

it('keeps every acknowledged call end through a kill -9, and the read models catch up exactly', async () => {
  const svc = await signToken({ sub: 'platform', role: 'service' }, SECRET);
  service = await start();
  for (const accountId of ACCOUNTS) {
    const admin = await signToken({ sub: 'owner', role: 'admin', accountId }, SECRET);
    expect(await send(service.url, 'POST', '/v1/accounts', svc, { accountId, plan: 'starter' })).toBe(201);
    expect(await send(service.url, 'PUT', `/v1/accounts/${accountId}/payment-method`, svc, { paymentMethodId: 'pm_card_visa' })).toBe(200);
    expect(await send(service.url, 'PUT', `/v1/accounts/${accountId}/auto-reload`, admin, { enabled: true, thresholdMinutes: 100, monthlyMax: 20 })).toBe(200);
  }

  // 16 clients send call ends until the process dies under them: half one at a time, half in batches
  // of 10 over several accounts (each item that was answered 201 or 200 is acknowledged).
  const acknowledged: { accountId: string; callId: string }[] = [];
  let stop = false;
  const url = service.url;
  const clients = Array.from({ length: 16 }, async (_, c) => {
    for (let n = 0; !stop; n++) {
      const accountId = ACCOUNTS[(c + n) % ACCOUNTS.length];
      const callId = `k_${c}_${n}`;
      try {
        if (c % 2) {
          const callEnds = Array.from({ length: 10 }, (_, i) => ({ accountId: ACCOUNTS[(c + n + i) % ACCOUNTS.length], callId: `b_${c}_${n}_${i}`, durationSeconds: 2_000, endedAt: new Date().toISOString() }));
          const response = await fetch(`${url}/v1/call-ends`, { method: 'POST', headers: { Authorization: `Bearer ${svc}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ callEnds }) });
          const body = (await response.json()) as { results?: { accountId: string; callId: string; status: number }[] };
          if (response.status === 200) acknowledged.push(...(body.results ?? []).filter((r) => r.status === 201 || r.status === 200));
          continue;
        }
        const status = await send(url, 'POST', `/v1/accounts/${accountId}/calls`, svc, { callId, durationSeconds: 2_000, endedAt: new Date().toISOString() });
        if (status === 201 || status === 200) acknowledged.push({ accountId, callId });
      } catch {
        return; // connection refused or reset: the process is gone
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1_500));
  service.child.kill('SIGKILL');
  await service.exited;
  stop = true;
  await Promise.all(clients);
  expect(acknowledged.length).toBeGreaterThan(20);
  expect(acknowledged.filter((a) => a.callId.startsWith('b_')).length).toBeGreaterThan(20);

  service = await start();
  const store = await PostgresEventStore.open({ connectionString: db.url, migrate: false });
  try {
    // Every acknowledged call is in the store.
    for (const accountId of ACCOUNTS) {
      const recorded = new Set((await store.readStream(accountStreamName(accountId))).filter((e) => e.type === 'CallMinutesConsumed').map((e) => e.data.callId));
      for (const call of acknowledged.filter((a) => a.accountId === accountId)) expect(recorded.has(call.callId)).toBe(true);
    }
    // The payment process settles what was in flight; each reload is paid at most once.
    const deadline = Date.now() + 30_000;
    let settled = false;
    while (!settled && Date.now() < deadline) {
      settled = true;
      for (const accountId of ACCOUNTS) {
        const events = await store.readStream(accountStreamName(accountId));
        const triggered = events.filter((e) => e.type === 'AutoReloadTriggered').map((e) => e.data.reloadId);
        const paid = events.filter((e) => e.type === 'CreditsPurchased').map((e) => e.data.purchaseId);
        expect(new Set(paid).size).toBe(paid.length);
        if (triggered.length !== paid.length) settled = false;
      }
      if (!settled) await new Promise((r) => setTimeout(r, 200));
    }
    expect(settled).toBe(true);

    // The accounts read model equals a fold of each stream, once the projections have caught up.
    const caughtUp = Date.now() + 30_000;
    while (!(await lagIsZero(store))) {
      if (Date.now() > caughtUp) throw new Error('projections did not catch up');
      await new Promise((r) => setTimeout(r, 200));
    }
    // What an auditor runs: every read model recomputed from the events, zero drift.
    const verified = await verifyReadModels(store, store.pool);
    expect(verified.drifts).toEqual([]);
    expect(verified.behind).toEqual([]);
    for (const accountId of ACCOUNTS) {
      const events = await store.readStream(accountStreamName(accountId));
      const state = evolveAll(events.map((e) => upcast({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })), initialState());
      const { rows } = await store.pool.query('SELECT balance_seconds FROM proj_accounts WHERE account_id = $1', [accountId]);
      expect(Number(rows[0].balance_seconds)).toBe(state.credits.balanceSeconds);
    }
  } finally {
    await store.close();
  }
}, 180_000);

async function lagIsZero(store: PostgresEventStore): Promise<boolean> {
  const head = await store.headPosition();
  const { rows } = await store.pool.query('SELECT name, position FROM projection_checkpoints');
  return rows.length >= 6 && rows.every((r: { position: string }) => head !== undefined && r.position >= head);
}
