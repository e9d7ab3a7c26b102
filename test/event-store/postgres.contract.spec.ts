import { Client } from 'pg';
import { type EventToAppend, PostgresEventStore } from '@billing/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventStoreContract } from './event-store.contract';

// Runs on the run's PostgreSQL: the embedded one by default, or the server DATABASE_URL names
// (e.g. the machine's PostgreSQL 15: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test).
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

eventStoreContract('PostgreSQL', {
  open: () => PostgresEventStore.open({ connectionString: db.url, max: 32, pollIntervalMs: 250 }),
  async holdOpenAppend(_store, stream, events: EventToAppend[]) {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT * FROM es_append($1, -1, $2, $3, $4, $5, $6)', [
      stream,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map(() => 1),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata ?? {})),
    ]);
    return {
      async commit() {
        await client.query('COMMIT');
        await client.end();
      },
    };
  },
});
