import type { PostgresEventStore } from '@billing/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, silentLogger } from '@billing/projections';
import type { Pool } from 'pg';
import type { History } from './support/history';
import { type HistoryDatabase, openHistoryDatabase } from './support/history-database';
import { allEvents, replayedReadModels, storedReadModels, waitForCheckpoints } from './support/read-models';
import { until } from '../support/eventually';

jest.setTimeout(90_000);

let fixture: HistoryDatabase;
let pool: Pool;
let store: PostgresEventStore;
let history: History;

beforeAll(async () => {
  fixture = await openHistoryDatabase({ seed: 3, accounts: 4, commands: 150 });
  ({ pool, store, history } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

const runner = (instanceId: string, logger = silentLogger) =>
  new ProjectionRunner({ store, pool, logger, instanceId, acquireIntervalMs: 50, heartbeatMs: 200, batchSize: 25 });

const owned = (r: ProjectionRunner) => r.status().map((s) => [s.projection, s.owned]);
const all = (value: boolean) => ALL_PROJECTIONS.map((p) => [p.name, value]);

/** Bounds each step, so a hang names itself instead of eating the test's whole time. */
async function step<T>(label: string, promise: Promise<T>, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`step "${label}" took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function caughtUpAndEqualToReplay(): Promise<number> {
  await waitForCheckpoints(pool, () => store.headPosition());
  const events = await allEvents(store);
  expect(await storedReadModels(pool)).toEqual(replayedReadModels(events));
  return events.length;
}

it('two instances on one database: one owner per projection, each event projected once, the other takes over on stop and on a lost lock connection', async () => {
  const a = runner('a');
  const warnings: string[] = [];
  const b = runner('b', { ...silentLogger, warn: (message) => warnings.push(message) });
  try {
    await step('a.start', a.start());
    await until('a owns every projection', () => a.status().every((s) => s.owned), 10_000, 20);
    await step('b.start', b.start());
    await step('generate', history.generate(0, 100));
    let total = await step('caught up', caughtUpAndEqualToReplay(), 25_000);
    expect(owned(b)).toEqual(all(false));
    // Exactly once: per projection, the events the two instances applied add up to the store's events.
    const applied = () => ALL_PROJECTIONS.map((p, i) => [p.name, a.status()[i].applied + b.status()[i].applied]);
    expect(applied()).toEqual(ALL_PROJECTIONS.map((p) => [p.name, total]));

    // The owner stops cleanly: the other instance takes over every projection.
    await step('a.stop', a.stop());
    await until('b owns every projection', () => b.status().every((s) => s.owned), 10_000, 20);
    await step('generate', history.generate(0, 100));
    total = await step('caught up', caughtUpAndEqualToReplay(), 25_000);
    expect(applied()).toEqual(ALL_PROJECTIONS.map((p) => [p.name, total]));

    // Its lock connection dies: it stops projecting and competes again with a third instance; each
    // projection ends up with exactly one owner, whichever wins.
    const c = runner('c');
    await step('c.start', c.start());
    try {
      const pid = await step('b.lockBackendPid', b.lockBackendPid());
      await step('terminate', pool.query('SELECT pg_terminate_backend($1)', [pid]));
      await until('a warning that ownership was lost', () => warnings.includes('projection ownership lost'), 10_000, 20);
      await until('b and c share the projections, each owned once', () => b.status().every((s, i) => s.owned !== c.status()[i].owned), 10_000, 20);
      expect(await step('b.lockBackendPid again', b.lockBackendPid())).not.toBe(pid);
      await step('generate', history.generate(0, 50));
      total = await step('caught up', caughtUpAndEqualToReplay(), 25_000);
      const appliedByAll = ALL_PROJECTIONS.map((p, i) => [p.name, a.status()[i].applied + b.status()[i].applied + c.status()[i].applied]);
      expect(appliedByAll).toEqual(ALL_PROJECTIONS.map((p) => [p.name, total]));
    } finally {
      await step('c.stop', c.stop());
    }
    // With c gone, b re-acquires through a new lock connection.
    await until('b owns every projection', () => b.status().every((s) => s.owned), 10_000, 20);
  } finally {
    await step('final a.stop', a.stop());
    await step('final b.stop', b.stop());
  }
});
