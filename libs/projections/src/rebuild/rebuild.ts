import { Client, type ClientConfig, type Pool } from 'pg';
import { ACCOUNT_STREAM_PREFIX } from '@billing/domain';
import type { EventStore, Position, RecordedEvent } from '@billing/event-store';
import type { AnyProjection, PositionedRow } from '../projection';
import { ALL_PROJECTIONS } from '../read-models';
import { migrateProjections } from '../sql/migrations';
import { assertIdentifier, Table } from '../sql/table';
import { Checkpoints } from '../runner/checkpoints';
import { ProgressMeter, type RebuildProgress } from './progress';
import { applyToAll, type BuildTarget, upcastAll } from './bulk-apply';
import { BulkSaver } from './bulk-save';
import { createIndexes, dropSecondaryIndexes, setLogged } from './indexes';
import { dropSchemas, freezeLive, swapFrozen, type SwapPlan } from './swap';

export interface RebuildOptions {
  pool: Pool;
  store: EventStore;
  /** Default: every read model. */
  projections?: readonly AnyProjection[];
  /** The schema readers use (default public). */
  liveSchema?: string;
  /** Events per read and per transaction (default 10,000). */
  batchSize?: number;
  /** How many billing events there are, for "done of total" (e.g. a count of the events table). */
  countEvents?: () => Promise<number | undefined>;
  onProgress?: (progress: RebuildProgress) => void;
  /** How long the swap may wait for a table lock before it gives up and tries again (default 5 s). */
  lockTimeoutMs?: number;
  /** Test hook: runs once the new tables have caught up, before the swap. */
  beforeSwap?: () => Promise<void>;
  /** Connections writing the new tables side by side (default 2: one core for Node, one for PostgreSQL). */
  connections?: number;
  /** The build schema's name, default proj_rebuild_<epoch ms>. */
  buildSchema?: string;
}

export interface RebuildResult {
  buildSchema: string;
  /** Each projection's checkpoint right after the swap. */
  positions: Record<string, string>;
  events: number;
  durationMs: number;
}

export class RebuildInProgressError extends Error {
  constructor(schema: string) {
    super(`another rebuild of the read models in schema "${schema}" is running`);
    this.name = 'RebuildInProgressError';
  }
}

const SWAP_ATTEMPTS = 5;

/**
 * Rebuilds read models with no downtime: new tables in a fresh schema, filled from position zero while
 * writes go on, caught up to the head, swapped in by one transaction (swap.ts), the old ones dropped.
 * The live runner keeps projecting into the live tables the whole time and carries on in the new ones
 * from their checkpoint. One rebuild per live schema at a time (an advisory lock).
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { pool } = options;
  const live = assertIdentifier(options.liveSchema ?? 'public');
  const stamp = Date.now();
  const build = assertIdentifier(options.buildSchema ?? `proj_rebuild_${stamp}`);
  const projections = options.projections ?? ALL_PROJECTIONS;
  // Connections of its own, not the pool's: while the live tables are frozen, the live runner's
  // waiting batches hold pool connections, and a rebuild that needed one more could wait forever.
  const session = await connect(pool, 'projections-rebuild');
  const others: Client[] = [];
  const freezer = await connect(pool, 'projections-rebuild-swap').catch(async (error) => {
    await session.end();
    throw error;
  });
  try {
    // Session-level: dies with the connection if this process does.
    const got = await session.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [`billing-projection-rebuild:${live}`]);
    if (got.rows[0].ok !== true) throw new RebuildInProgressError(live);
    // The biggest tables get a connection each, the rest share one: PostgreSQL writes them side by side.
    for (let i = 1; i < Math.min(options.connections ?? 2, projections.length); i++) others.push(await connect(pool, `projections-rebuild-${i}`));
    const writers = [session, ...others];
    return await rebuildLocked({ ...options, projections }, { session, freezer, writers }, live, build, `proj_retired_${stamp}`);
  } finally {
    for (const client of others) await client.end().catch(() => undefined);
    await session.end().catch(() => undefined);
    await freezer.end().catch(() => undefined);
  }
}

async function connect(pool: Pool, name: string): Promise<Client> {
  const config = (pool as unknown as { options: ClientConfig }).options;
  const client = new Client({ ...config, application_name: name });
  client.on('error', () => undefined); // the query in progress fails and says why
  await client.connect();
  return client;
}

async function rebuildLocked(
  options: RebuildOptions & { projections: readonly AnyProjection[] },
  { session, freezer, writers }: { session: Client; freezer: Client; writers: readonly Client[] }, live: string, build: string, retired: string): Promise<RebuildResult> {
  const { pool, store, projections } = options;
  const batchSize = options.batchSize ?? 10_000;
  const meter = new ProgressMeter();
  const report = (phase: RebuildProgress['phase']) => options.onProgress?.(meter.report(phase));
  await migrateProjections(pool, live);
  await migrateProjections(pool, build);
  const checkpoints = new Checkpoints(build);
  const targets = projections.map((projection): BuildTarget => ({
    projection, table: new Table<PositionedRow>(projection.table, build), saver: new BulkSaver<PositionedRow>(projection.table, build), written: new Set<string>(),
  }));
  // Round robin over the writers, biggest tables first (the order of ALL_PROJECTIONS is not by size).
  const bySize = [...targets].sort((a, b) => weight(b.projection) - weight(a.projection));
  const groups = writers.map((_, i) => bySize.filter((__, j) => j % writers.length === i)).filter((group) => group.length > 0);
  let position: Position | undefined;
  /** To `until` (or, without one, until a read comes back empty). */
  const catchUp = async (until?: Position): Promise<void> => {
    if (until !== undefined && position !== undefined && position >= until) return;
    for await (const batch of readAhead(store, () => position, batchSize)) {
      const events = upcastAll(batch);
      await Promise.all(groups.map((group, i) => applyToAll(writers[i], group, checkpoints, events)));
      position = batch[batch.length - 1].position;
      meter.done += batch.length;
      report('building');
      if (until !== undefined && position >= until) return;
    }
  };
  try {
    meter.total = await options.countEvents?.();
    report('building');
    const tables = projections.map((p) => p.table.name);
    const indexes = await dropSecondaryIndexes(session, build, tables);
    await setLogged(session, build, tables, false);
    // Writes go on: chasing "until nothing is left" might never end, so each pass aims at the head as it was.
    await catchUp(await store.headPosition());
    await setLogged(session, build, tables, true);
    await createIndexes(session, indexes);
    await options.beforeSwap?.();
    const plan: SwapPlan = { live, build, retired, projections };
    let positions: Record<string, string> | undefined;
    for (let attempt = 1; !positions; attempt++) {
      // Catch up again outside the swap first, so the live tables stand still only for the last few events.
      await catchUp(await store.headPosition());
      report('swapping');
      try {
        await freezeLive(freezer, plan, options.lockTimeoutMs ?? 5_000);
        try {
          await catchUp(); // the live checkpoints are frozen now: this ends at or past every one of them
        } catch (error) {
          await freezer.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        positions = await swapFrozen(freezer, plan);
      } catch (error) {
        if ((error as { code?: string }).code !== '55P03' || attempt >= SWAP_ATTEMPTS) throw error; // 55P03: lock_timeout
      }
    }
    report('done');
    return { buildSchema: build, positions, events: meter.done, durationMs: meter.report('done').elapsedMs };
  } finally {
    // After a swap: the old tables; after a failure: the half-built ones. Never the live schema.
    await dropSchemas(pool, [retired, build]);
  }
}

/** Rows written per event, roughly: one per call or credit movement for these, a few per account for the rest. */
function weight(projection: AnyProjection): number {
  return projection.name === 'credit_ledger' || projection.name === 'calls' ? 2 : 1;
}

/** Reads the next batch while the current one is being applied: reading and writing overlap. */
async function* readAhead(store: EventStore, from: () => Position | undefined, maxCount: number): AsyncGenerator<RecordedEvent[]> {
  const filter = { streamPrefixes: [ACCOUNT_STREAM_PREFIX] };
  let next = store.readAll({ fromPosition: from(), maxCount, filter });
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return;
    next = store.readAll({ fromPosition: batch[batch.length - 1].position, maxCount, filter });
    next.catch(() => undefined); // awaited on the next turn; a caller that stops early must not leave it unhandled
    yield batch;
  }
}
