import type { Pool } from 'pg';
import {
  createPool, type EventStore, EventStoreDBEventStore, PostgresEventStore, type RunningDatabase, startEmbeddedPostgres,
} from '@billing/event-store';
import type { Config } from '../config/config';
import type { JsonLogger } from '../logging/json-logger';
import { backfillAccountKeys } from '../accounts/key-backfill';

/**
 * The process's connections, opened before Nest starts and closed after it stops:
 * the PostgreSQL pool (events by default, read models always), the event store and, in
 * development, the embedded PostgreSQL server itself.
 */
export interface Runtime {
  config: Config;
  logger: JsonLogger;
  pool: Pool;
  eventStore: EventStore;
  /** Which adapter keeps the events: PostgreSQL (default) or EventStoreDB. */
  eventStoreAdapter: 'postgresql' | 'eventstoredb';
  close(): Promise<void>;
}

export async function openRuntime(config: Config, logger: JsonLogger): Promise<Runtime> {
  let embedded: RunningDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.entry('info', 'starting the embedded PostgreSQL (DATABASE_URL is not set)', { dataDir: config.embeddedPostgres.dataDir });
    embedded = await startEmbeddedPostgres({ ...config.embeddedPostgres, database: 'billing' });
    databaseUrl = embedded.url;
  }
  const onError = (error: Error) => logger.entry('warn', 'database connection error (will reconnect)', { error: error.message });
  const pool = createPool({
    connectionString: databaseUrl,
    max: config.dbPoolMax,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    applicationName: 'billing-api',
    onError,
  });
  try {
    const eventStoreAdapter = config.eventStoreConnectionString ? 'eventstoredb' : 'postgresql';
    const eventStore = config.eventStoreConnectionString
      ? EventStoreDBEventStore.connect(config.eventStoreConnectionString)
      : await PostgresEventStore.open({ connectionString: databaseUrl, pool, onError });
    // Before anything is served: a call billed before keys existed must already be refused by its key.
    const backfill = await backfillAccountKeys(eventStore).catch(async (error: unknown) => {
      await eventStore.close().catch(() => undefined);
      throw error;
    });
    if (!backfill.alreadyDone) logger.entry('info', 'idempotency keys backfilled for events written before them', { ...backfill });
    logger.entry('info', 'event store ready', { adapter: eventStoreAdapter });
    return {
      config,
      logger,
      pool,
      eventStore,
      eventStoreAdapter,
      async close() {
        await eventStore.close().catch((error: Error) => logger.entry('warn', 'closing the event store failed', { error: error.message }));
        await pool.end().catch((error: Error) => logger.entry('warn', 'closing the pool failed', { error: error.message }));
        if (embedded) {
          await embedded.stop();
          logger.entry('info', 'embedded PostgreSQL stopped');
        }
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
