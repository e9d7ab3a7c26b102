import type { Pool, ClientConfig } from 'pg';
import type { EventStore, RecordedEvent } from '@billing/event-store';
import { sleep, withRetry } from '@billing/event-store';
import type { AnyProjection, PositionedRow } from '../projection';
import { migrateProjections } from '../sql/migrations';
import { assertIdentifier, Table } from '../sql/table';
import { ALL_PROJECTIONS } from '../read-models';
import { Checkpoints } from './checkpoints';
import { lagOf, type ProjectionLag } from './lag';
import { consoleLogger, type ProjectionLogger } from './logger';
import { Ownership } from './ownership';
import { ProjectionWorker, type WorkerState } from './worker';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Read-model writes and checkpoints go through this pool. */
  pool: Pool;
  /** The ownership locks' dedicated connection; default: the pool's settings. */
  lockConnection?: ClientConfig;
  projections?: readonly AnyProjection[];
  /** The PostgreSQL schema of the tables (default public). */
  schema?: string;
  /** Names this instance in logs and in the lock connection's application_name. */
  instanceId?: string;
  logger?: ProjectionLogger;
  /** Most events per transaction (default 1,000). */
  batchSize?: number;
  /**
   * Following live, how long to let events gather after an append before reading them (default 20 ms).
   * Without it a busy store gets a read and a transaction per append per projection; with it, one per interval.
   */
  lingerMs?: number;
  /** How often an instance that owns nothing tries to take over (default 1 s). */
  acquireIntervalMs?: number;
  /** How often the lock connection is checked (default 2 s). */
  heartbeatMs?: number;
  maxBackoffMs?: number;
  /** Apply the projections' migrations at start (default true). */
  migrate?: boolean;
  /** Test hook: runs in each batch's transaction just before it commits. */
  beforeCommit?: (projection: string, events: readonly RecordedEvent[]) => Promise<void>;
}

export interface ProjectionStatus {
  projection: string;
  /** standby: another instance owns it (or none yet); failed: stopped at a poison event. */
  state: WorkerState;
  owned: boolean;
  applied: number;
  error: string | null;
}

interface Slot {
  worker: ProjectionWorker<PositionedRow>;
  lockName: string;
  session?: AbortController;
  running?: Promise<void>;
}

/**
 * Runs the projections of one service instance. Each projection is owned by one instance at a time
 * (an advisory lock per projection on one dedicated connection); an instance that does not own one
 * keeps trying, so it takes over within `acquireIntervalMs` when the owner dies or stops.
 */
export class ProjectionRunner {
  private readonly slots: Slot[];
  private readonly logger: ProjectionLogger;
  private readonly checkpoints: Checkpoints;
  private readonly projections: readonly AnyProjection[];
  private readonly stopping = new AbortController();
  private supervisor: Promise<void> | undefined;
  private ownership: Ownership | undefined;
  readonly instanceId: string;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const schema = assertIdentifier(options.schema ?? 'public');
    this.logger = options.logger ?? consoleLogger;
    this.instanceId = options.instanceId ?? `${process.pid}`;
    this.checkpoints = new Checkpoints(schema);
    this.projections = options.projections ?? ALL_PROJECTIONS;
    this.slots = this.projections.map((projection) => ({
      lockName: `billing-projection:${schema}.${projection.name}`,
      worker: new ProjectionWorker({
        projection, table: new Table(projection.table, schema), checkpoints: this.checkpoints, store: options.store,
        pool: options.pool, logger: this.logger, batchSize: options.batchSize ?? 1_000, lingerMs: options.lingerMs ?? 20,
        maxBackoffMs: options.maxBackoffMs ?? 5_000, beforeCommit: options.beforeCommit,
      }),
    }));
  }

  /** Migrates (unless told not to) and starts competing for the projections; returns at once after that. */
  async start(): Promise<void> {
    if (this.options.migrate !== false) {
      await withRetry(() => migrateProjections(this.options.pool, this.options.schema ?? 'public'), { attempts: 10, initialDelayMs: 200 });
    }
    this.supervisor = this.supervise();
  }

  /** Finishes the batches in progress, releases ownership and returns. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.supervisor;
    // After the supervisor has ended: it may have begun a session while stop() was being called.
    for (const slot of this.slots) slot.session?.abort();
    await Promise.all(this.slots.map((slot) => slot.running));
    await this.ownership?.close();
    this.ownership = undefined;
  }

  status(): ProjectionStatus[] {
    return this.slots.map(({ worker, session }) => ({
      projection: worker.name, state: worker.state, owned: !!session && !session.signal.aborted,
      applied: worker.applied, error: worker.failure?.message ?? null,
    }));
  }

  /** Per projection, events and seconds behind the head, as stored (whichever instance owns it). */
  lag(): Promise<ProjectionLag[]> {
    return lagOf(this.options.store, this.options.pool, this.checkpoints, this.projections.map((p) => p.name));
  }

  /** The lock connection's server pid, for tests that cut it. */
  async lockBackendPid(): Promise<number | undefined> {
    return this.ownership?.alive ? this.ownership.backendPid() : undefined;
  }

  private async supervise(): Promise<void> {
    const interval = this.options.acquireIntervalMs ?? 1_000;
    while (!this.stopping.signal.aborted) {
      try {
        const ownership = await this.currentOwnership();
        for (const slot of this.slots) {
          if (slot.running || this.stopping.signal.aborted) continue;
          if (await ownership.tryAcquire(slot.lockName)) this.begin(slot, ownership);
        }
      } catch (error) {
        this.logger.warn('projection ownership check failed', { instance: this.instanceId, error: (error as Error).message });
      }
      await sleep(interval, this.stopping.signal);
    }
  }

  private async currentOwnership(): Promise<Ownership> {
    if (this.ownership?.alive) return this.ownership;
    const config = this.options.lockConnection ?? { ...(this.options.pool as unknown as { options: ClientConfig }).options };
    this.ownership = await Ownership.open(
      { ...config, application_name: `projections-lock:${this.instanceId}` },
      this.options.heartbeatMs ?? 2_000,
      (error) => {
        // The server has released our locks: another instance may already be projecting.
        this.logger.warn('projection ownership lost', { instance: this.instanceId, error: error.message });
        for (const slot of this.slots) slot.session?.abort();
      },
    );
    return this.ownership;
  }

  private begin(slot: Slot, ownership: Ownership): void {
    const session = new AbortController();
    slot.session = session;
    this.logger.info('projection owned', { instance: this.instanceId, projection: slot.worker.name });
    slot.running = slot.worker.run(session.signal).finally(async () => {
      // A failed projection keeps its lock: another instance would only stop at the same event.
      if (slot.worker.state !== 'failed') {
        await ownership.release(slot.lockName).catch(() => undefined);
        slot.running = undefined;
      }
      session.abort();
    });
  }
}
