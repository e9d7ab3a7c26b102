import { createPool, PostgresEventStore } from '@billing/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, silentLogger } from '@billing/projections';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildProjections, startRunnerChild } from './support/child';
import { History } from './support/history';
import { allEvents, convergedReadModels, replayedReadModels, waitForCheckpoints } from './support/read-models';

jest.setTimeout(120_000);

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  buildProjections();
  db = await createTestDatabase();
  pool = createPool({ connectionString: db.url, max: 8 });
  store = await PostgresEventStore.open({ connectionString: db.url, pool, pollIntervalMs: 100 });
  await new History(store, 7).generate(5, 500);
});

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await db?.drop();
});

it('a runner process killed (SIGKILL) in the middle of a batch: the other instance takes over and every event is applied exactly once', async () => {
  const child = startRunnerChild({ DATABASE_URL: db.url, BATCH_SIZE: '40', PAUSE_MS: '30', INSTANCE_ID: 'doomed' });
  const survivor = new ProjectionRunner({ store, pool, logger: silentLogger, instanceId: 'survivor', acquireIntervalMs: 50, batchSize: 40 });
  try {
    await child.waitFor((lines) => lines.filter((l) => l.startsWith('batch ')).length >= 6, 30_000);
    // A second instance on the same database waits: the child owns every projection.
    await survivor.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(survivor.status().map((s) => [s.projection, s.owned, s.applied])).toEqual(ALL_PROJECTIONS.map((p) => [p.name, false, 0]));
    // Kill it while a batch is open (it pauses before every commit).
    await child.waitFor((lines) => lines.filter((l) => l.startsWith('batch ')).length >= 12, 30_000);
    child.child.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
  } finally {
    child.child.kill('SIGKILL');
  }
  try {
    await waitForCheckpoints(pool, () => store.headPosition(), { timeoutMs: 30_000 });
    expect(await convergedReadModels(pool, store)).toEqual(replayedReadModels(await allEvents(store)));
    // The survivor took over, and had work left: the kill came before the end.
    expect(survivor.status().map((s) => [s.projection, s.owned])).toEqual(ALL_PROJECTIONS.map((p) => [p.name, true]));
    expect(survivor.status().reduce((n, s) => n + s.applied, 0)).toBeGreaterThan(0);
  } finally {
    await survivor.stop();
  }
});
