export * from './event-store';
export * from './errors';
export * from './position';
export { validateAppend, MAX_KEY_BYTES } from './validation';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { createPool, isTransientError, withRetry, type PostgresPoolOptions } from './postgres/pool';
export { migrate, pendingMigrations, type Migration, type MigrationSet } from './postgres/migrations';
export { EVENT_STORE_MIGRATIONS, NOTIFY_CHANNEL } from './postgres/schema';
export { sleep } from './postgres/sleep';
export { BackOff, backOffMs } from './back-off';
export {
  startEmbeddedPostgres, EmbeddedPostgresMissingError, ensureDatabase, dropDatabase, withDatabase, freePort, type RunningDatabase,
} from './postgres/embedded';
export { EventStoreDBEventStore } from './eventstoredb/eventstoredb-event-store';
export type { SubscriptionTuning as EventStoreDBSubscriptionTuning } from './eventstoredb/subscription';
