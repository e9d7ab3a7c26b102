import type { Pool } from 'pg';
import { type PostgresEventStore, sleep } from '@billing/event-store';
import { ProjectionRunner, rebuildProjections, RebuildInProgressError, type RebuildProgress, silentLogger, accountsProjection } from '@billing/projections';
import type { History } from './support/history';
import { type HistoryDatabase, openHistoryDatabase } from './support/history-database';
import { allEvents, convergedReadModels, replayedReadModels, waitForCheckpoints } from './support/read-models';

jest.setTimeout(120_000);

let fixture: HistoryDatabase;
let pool: Pool;
let store: PostgresEventStore;
let history: History;
let live: ProjectionRunner;

beforeAll(async () => {
  fixture = await openHistoryDatabase({ seed: 7, accounts: 8, commands: 1_500, pollIntervalMs: 50 });
  ({ pool, store, history } = fixture);
  live = new ProjectionRunner({ store, pool, logger: silentLogger, acquireIntervalMs: 50, batchSize: 200 });
  await live.start();
  await waitForCheckpoints(pool, () => store.headPosition());
});

afterAll(async () => {
  await live?.stop();
  await fixture?.close();
});

/**
 * Polls the live tables as a reader would. Accounts and ledger entries are only ever added, and every
 * a count that drops, or no account with a balance at all (the history buys credits from the start),
 * would be a half-built table.
 * A query error counts too.
 */
function watchLiveTables() {
  const violations: string[] = [];
  let polls = 0;
  let stop = false;
  let last = { accounts: 0, ledger: 0, balances: 0 };
  const done = (async () => {
    while (!stop) {
      try {
        const { rows } = await pool.query(`SELECT (SELECT count(*) FROM public.proj_accounts)::int AS accounts,
          (SELECT count(*) FROM public.proj_credit_ledger)::int AS ledger,
          (SELECT count(*) FROM public.proj_accounts WHERE balance_seconds <> 0)::int AS balances`);
        const now = rows[0] as typeof last;
        if (now.accounts < last.accounts || now.ledger < last.ledger || now.accounts === 0 || now.balances === 0) {
          violations.push(`went back from ${JSON.stringify(last)} to ${JSON.stringify(now)}`);
        }
        last = now;
        polls += 1;
      } catch (error) {
        violations.push(`read failed: ${(error as Error).message}`);
      }
      await sleep(5);
    }
  })();
  return { violations, polls: () => polls, last: () => last, stop: async () => { stop = true; await done; } };
}

describe('rebuild with no downtime', () => {
  it('rebuilds while commands keep arriving, ends equal to a fresh replay, readers never see a half-built table', async () => {
    // A row no event explains: the rebuilt tables cannot have it, so its absence proves the swap happened.
    await pool.query(`INSERT INTO public.proj_calls SELECT account_id, 'ghost-call', ended_at, month, 1, 0, 0, 0, 'above_threshold', NULL, NULL, position
      FROM public.proj_calls LIMIT 1`);
    const watcher = watchLiveTables();
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await history.generate(0, 5);
        written += 5;
        await sleep(20);
      }
    })();
    const progress: RebuildProgress[] = [];
    let writtenAtSwap = -1;
    const result = await rebuildProjections({
      pool, store, batchSize: 250, onProgress: (p) => progress.push(p),
      countEvents: async () => Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count),
      beforeSwap: async () => {
        writtenAtSwap = written;
        // Commands go on arriving while the swap happens.
        await sleep(100);
      },
    });
    await sleep(200);
    writing = false;
    await writer;
    expect(writtenAtSwap).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(writtenAtSwap);
    await waitForCheckpoints(pool, () => store.headPosition(), { timeoutMs: 30_000 });
    await watcher.stop();

    expect(watcher.violations).toEqual([]);
    expect(watcher.polls()).toBeGreaterThan(10);
    expect(await convergedReadModels(pool, store)).toEqual(replayedReadModels(await allEvents(store)));
    const ghost = await pool.query(`SELECT 1 FROM public.proj_calls WHERE call_id = 'ghost-call'`);
    expect(ghost.rowCount).toBe(0);

    // Progress: from the first count to the end, done only grows and the last report says done.
    expect(progress[0]).toMatchObject({ phase: 'building', done: 0 });
    expect(progress[0].total).toBeGreaterThan(1_000);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: result.events });
    expect(result.events).toBeGreaterThanOrEqual(progress[0].total ?? 0);
    // Nothing left behind: neither the build schema nor the retired tables.
    const schemas = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'proj\\_%'`);
    expect(schemas.rows).toEqual([]);
  });

  it('rebuilds one projection only, and the live runner carries on in the new table', async () => {
    await pool.query(`UPDATE public.proj_accounts SET balance_seconds = balance_seconds + 1 WHERE account_id = 'acc-1'`);
    await rebuildProjections({ pool, store, projections: [accountsProjection] });
    await history.generate(0, 50);
    await waitForCheckpoints(pool, () => store.headPosition());
    expect(await convergedReadModels(pool, store)).toEqual(replayedReadModels(await allEvents(store)));
  });

  it('refuses a second rebuild of the same schema while one runs', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = rebuildProjections({ pool, store, beforeSwap: () => held });
    await sleep(300);
    await expect(rebuildProjections({ pool, store })).rejects.toBeInstanceOf(RebuildInProgressError);
    release();
    await first;
  });
});
