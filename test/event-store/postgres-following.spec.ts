import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { NOTIFY_CHANNEL, PostgresEventStore } from '@billing/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, take } from './event-store.contract';
import { openRecordingStore } from './recording-store';

// Following a busy store live: what it costs per append. A follower that reads once per append, and
// a NOTIFY per append, cost the API a round trip per call each (measured in bench:e2e).
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('PostgreSQL event store: following live', () => {
  it('a follower with gatherMs takes the events of many appends in a few reads, and misses none', async () => {
    const { store, pool, startsAfter } = await openRecordingStore(db.url, { pollIntervalMs: 60_000 });
    try {
      const type = `Gathered${randomUUID().slice(0, 8)}`;
      const head = await store.headPosition();
      const received = take(store, 30, 20_000, { fromPosition: head, filter: { eventTypes: [type] }, gatherMs: 300 });
      await new Promise((r) => setTimeout(r, 200)); // caught up and waiting
      const readsBefore = startsAfter.length;
      for (let i = 0; i < 30; i++) await store.appendToStream(`gathered-${randomUUID()}`, [event(type)], { expectedRevision: 'no_stream' });

      expect((await received).length).toBe(30);
      // One read per append without gathering (each append wakes the follower at once).
      expect(startsAfter.length - readsBefore).toBeLessThan(10);
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('a burst of appends sends a few NOTIFYs, and a follower in another process still gets every event', async () => {
    const writer = await PostgresEventStore.open({ connectionString: db.url });
    const follower = await PostgresEventStore.open({ connectionString: db.url, pollIntervalMs: 60_000 });
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    let notifications = 0;
    listener.on('notification', () => notifications++);
    await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
    try {
      const type = `Burst${randomUUID().slice(0, 8)}`;
      const head = await writer.headPosition();
      const received = take(follower, 50, 20_000, { fromPosition: head, filter: { eventTypes: [type] } });
      await new Promise((r) => setTimeout(r, 200));
      await Promise.all(Array.from({ length: 50 }, () => writer.appendToStream(`burst-${randomUUID()}`, [event(type)], { expectedRevision: 'no_stream' })));

      expect((await received).length).toBe(50);
      expect(notifications).toBeGreaterThan(0);
      expect(notifications).toBeLessThan(25);
    } finally {
      await listener.end();
      await follower.close();
      await writer.close();
    }
  });
});
