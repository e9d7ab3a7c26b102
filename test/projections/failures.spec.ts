import { randomUUID } from 'node:crypto';
import type { PostgresEventStore } from '@billing/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, type ProjectionLogger, silentLogger } from '@billing/projections';
import type { Pool } from 'pg';
import type { History } from './support/history';
import { type HistoryDatabase, openHistoryDatabase } from './support/history-database';
import { allEvents, convergedReadModels, replayedReadModels, waitForCheckpoints } from './support/read-models';

jest.setTimeout(90_000);

let fixture: HistoryDatabase;
let pool: Pool;
let store: PostgresEventStore;
let history: History;

beforeAll(async () => {
  fixture = await openHistoryDatabase({ seed: 11, accounts: 3, commands: 150 });
  ({ pool, store, history } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

function collecting(): ProjectionLogger & { errors: Record<string, unknown>[]; warnings: string[] } {
  const errors: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  return { ...silentLogger, errors, warnings, error: (message, context) => errors.push({ message, ...context }), warn: (message) => warnings.push(message) };
}

it('a transient database failure (every connection killed) is retried, never kills the runner', async () => {
  const logger = collecting();
  const runner = new ProjectionRunner({ store, pool, logger, acquireIntervalMs: 50, batchSize: 10 });
  await runner.start();
  try {
    const writing = history.generate(0, 150);
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Every other session of this database: the pool's (projection batches, reads) and the lock connection.
    await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await writing;
    await waitForCheckpoints(pool, () => store.headPosition(), { timeoutMs: 30_000 });
    expect(await convergedReadModels(pool, store)).toEqual(replayedReadModels(await allEvents(store)));
    expect(logger.errors).toEqual([]);
    expect(runner.status().map((s) => s.state)).toEqual(ALL_PROJECTIONS.map(() => 'running'));
  } finally {
    await runner.stop();
  }
});

it('a poison event stops only the projection that cannot apply it, keeps its checkpoint just before it, and names it', async () => {
  const logger = collecting();
  const runner = new ProjectionRunner({ store, pool, logger, acquireIntervalMs: 50, batchSize: 10 });
  await runner.start();
  try {
    await waitForCheckpoints(pool, () => store.headPosition());
    // Credits bought on an account that was never opened: the ledger can record it, the accounts model cannot.
    const poisonId = randomUUID();
    const { positions } = await store.appendToStream('billing-account-ghost', [{
      id: poisonId, type: 'CreditsPurchased', data: {
        accountId: 'ghost', at: '2024-05-01T00:00:00Z', purchaseId: 'p-ghost', source: 'manual', blocks: 1, creditSeconds: 6000,
        ratePerMinute: { amount: 22, currency: 'usd' }, total: { amount: 2200, currency: 'usd' }, paymentReference: 'pi_ghost',
        reloadMonth: null, creditBalanceAfterSeconds: 6000,
      },
    }], { expectedRevision: 'no_stream' });
    await history.generate(0, 40);
    // Readers (and the head) see only transactions older than every one still running on the server,
    // which other test files share: wait until the poison shows and the accounts projection met it.
    let ordered = await allEvents(store);
    for (const until = Date.now() + 20_000; !ordered.some((e) => e.id === poisonId) || runner.status().find((s) => s.projection === 'accounts')?.state !== 'failed';) {
      if (Date.now() > until) throw new Error('the poison event never became visible, or the accounts projection never stopped at it');
      await new Promise((r) => setTimeout(r, 50));
      ordered = await allEvents(store);
    }
    const others = ALL_PROJECTIONS.filter((p) => p.name !== 'accounts');
    await waitForCheckpoints(pool, () => store.headPosition(), { count: ALL_PROJECTIONS.length, timeoutMs: 20_000, only: others.map((p) => p.name) });

    // The event just before the poison, in the store's order (not a head read before appending it,
    // which can trail the last write for the same reason).
    const before = ordered[ordered.findIndex((e) => e.id === poisonId) - 1].position;
    const status = Object.fromEntries(runner.status().map((s) => [s.projection, s.state]));
    expect(status).toEqual({ accounts: 'failed', credit_ledger: 'running', purchases: 'running', reloads: 'running', calls: 'running', monthly_usage: 'running', settings_changes: 'running' });
    const checkpoint = await pool.query("SELECT position, failed_event_id, failed_position, failure FROM projection_checkpoints WHERE name = 'accounts'");
    expect(checkpoint.rows[0]).toMatchObject({ position: before, failed_event_id: poisonId, failed_position: positions[0] });
    expect(logger.errors).toEqual([{
      message: 'projection stopped', projection: 'accounts', eventId: poisonId, position: positions[0], eventType: 'CreditsPurchased',
      error: `projection "accounts" stopped at event ${poisonId} (CreditsPurchased) at position ${positions[0]}: CreditsPurchased for account "ghost", which was never opened`,
    }]);
    const ledger = await pool.query("SELECT seconds FROM proj_credit_ledger WHERE account_id = 'ghost'");
    expect(ledger.rows).toEqual([{ seconds: '6000' }]);

    const lag = Object.fromEntries((await runner.lag()).map((l) => [l.projection, l]));
    expect(lag.accounts).toMatchObject({ checkpoint: before, failedEventId: poisonId, eventsBehindAtLeast: false });
    expect(lag.accounts.eventsBehind).toBe((await allEvents(store)).filter((e) => e.position > before).length);
    expect(lag.accounts.secondsBehind).toBeGreaterThan(0);
    expect(lag.credit_ledger).toMatchObject({ eventsBehind: 0, secondsBehind: 0, failedEventId: null });
  } finally {
    await runner.stop();
  }
});
