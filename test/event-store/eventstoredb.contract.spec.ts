import { EventStoreDBEventStore } from '@billing/event-store';
import { eventStoreContract } from './event-store.contract';

// EventStoreDB cannot run on our build machines (no Docker engine, no package), so this suite
// runs only where a server is configured, e.g. with `docker compose up -d eventstore` and
// EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false. Elsewhere it is reported as
// skipped rather than silently absent. Stream names are unique per run (the suite adds a uuid),
// so it can run repeatedly against the same server.
// No holdOpenAppend: EventStoreDB commits appends in log order, so there is no transaction that
// takes its place early and commits late for a reader to skip.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const run = connectionString ? describe : describe.skip;

run('EventStoreDB adapter', () => {
  eventStoreContract('EventStoreDB', {
    open: async () => EventStoreDBEventStore.connect(connectionString ?? ''),
  });
});
