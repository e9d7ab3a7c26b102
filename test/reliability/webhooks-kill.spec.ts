import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@billing/event-store';
import { signToken } from '@billing/api/auth/tokens';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, type ServiceProcess, startService, waitForHealthy } from '../support/service-process';
import { eventually, type Receiver, startReceiver, verifyStandardWebhook } from '../support/webhook-receiver';

// kill -9 of the instance delivering an endpoint, mid-delivery: a second instance takes the endpoint
// over from its checkpointed cursor; then that one is killed too and the first is restarted. Nothing is
// lost, each account's events arrive in store order, and the only duplicates are events that were in
// flight (sent, answer not yet recorded) when a process died: at most the per-endpoint concurrency each time.
const SECRET = 'reliability-secret-that-is-at-least-32-chars';
const ACCOUNTS = ['acc_wk_1', 'acc_wk_2', 'acc_wk_3', 'acc_wk_4', 'acc_wk_5'];
const CONCURRENCY = 4;
let db: TestDatabase;
let store: PostgresEventStore;
let receiver: Receiver;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // Answers slowly enough that a kill lands while requests are in flight.
  receiver = await startReceiver(() => ({ status: 200, afterMs: 15 }));
});
afterAll(async () => {
  for (const s of services) s.child.kill('SIGKILL');
  await store?.close();
  await receiver?.close();
  await db?.drop();
});

const start = async () => {
  const started = startService({
    DATABASE_URL: db.url, AUTH_JWT_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'error', PROJECTIONS_ENABLED: 'false', PAYMENT_PROCESS_ENABLED: 'false',
    WEBHOOK_CONCURRENCY: String(CONCURRENCY), WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_DELAY_MS: '200',
  }, await freePort());
  services.push(started);
  await waitForHealthy(started.url, 60_000);
  return started;
};

async function appendRound(round: number): Promise<void> {
  for (let i = 0; i < 40; i++) {
    for (const accountId of ACCOUNTS) {
      await store.appendToStream(`billing-account-${accountId}`, [{ id: randomUUID(), type: 'PlanChanged', data: { accountId, round, i } }], { expectedRevision: 'any' });
    }
  }
}

const deliveredIds = () => receiver.received.map((r) => JSON.parse(r.body).id as string);

/** The instance whose lock connection holds the endpoint's advisory lock. */
async function owner(): Promise<ServiceProcess> {
  const pid = await eventually('an owner', async () => {
    const { rows } = await store.pool.query(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'webhooks-lock:%'`,
    );
    return rows[0] ? Number(String(rows[0].application_name).split(':')[1]) : undefined;
  });
  const found = services.find((s) => s.child.pid === pid && s.child.exitCode === null && s.child.signalCode === null);
  if (!found) throw new Error(`no running service has pid ${pid}`);
  return found;
}

async function kill(service: ServiceProcess): Promise<void> {
  // Mid-delivery: some of what was written is not delivered yet.
  expect(new Set(deliveredIds()).size % 200).toBeGreaterThan(0);
  service.child.kill('SIGKILL');
  await service.exited;
}

it('loses nothing and keeps each account\'s order through kill -9, takeover and restart', async () => {
  const first = await start();
  const second = await start();
  store = await PostgresEventStore.open({ connectionString: db.url, migrate: false });
  const token = await signToken({ sub: 'platform', role: 'service' }, SECRET);
  const created = await fetch(`${first.url}/v1/webhook-endpoints`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ url: receiver.url }),
  });
  expect(created.status).toBe(201);
  const { secret } = (await created.json()) as { secret: string };

  await appendRound(1);
  await eventually('deliveries under way', () => receiver.received.length >= 40);
  const owning = await owner();
  await kill(owning);
  const survivor = owning === first ? second : first;
  await eventually('round 1 delivered by the other instance', () => new Set(deliveredIds()).size >= 200, 30_000);

  await appendRound(2);
  await eventually('round 2 under way', () => new Set(deliveredIds()).size >= 240);
  expect(await owner()).toBe(survivor);
  await kill(survivor);
  await start(); // the first instance, restarted on the same database
  await eventually('everything delivered after the restart', () => new Set(deliveredIds()).size >= 400, 30_000);

  const written = await store.readAll({ filter: { streamPrefixes: ['billing-account-acc_wk_'] } });
  expect(written).toHaveLength(400);
  const ids = deliveredIds();
  expect(new Set(ids)).toEqual(new Set(written.map((e) => e.id)));
  // At-least-once: a duplicate is an event whose answer was not recorded when its process died.
  expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(2 * CONCURRENCY);
  for (const accountId of ACCOUNTS) {
    const expected = written.filter((e) => e.streamId === `billing-account-${accountId}`).map((e) => e.id);
    const firstArrivals = [...new Set(receiver.received.map((r) => JSON.parse(r.body)).filter((e) => e.stream === `billing-account-${accountId}`).map((e) => e.id as string))];
    expect(firstArrivals).toEqual(expected);
  }
  for (const r of receiver.received) expect(verifyStandardWebhook([secret], r.headers, r.body)).toEqual([secret]);
}, 150_000);
