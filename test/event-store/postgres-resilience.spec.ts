import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPool, EVENT_STORE_MIGRATIONS, migrate, PostgresEventStore } from '@billing/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, take } from './event-store.contract';
import { openRecordingStore } from './recording-store';

// What the PostgreSQL adapter promises beyond the port: safe migrations, configured timeouts,
// and a lost connection that is retried rather than fatal.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function terminate(applicationName: string): Promise<number> {
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  try {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [applicationName],
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL event store', () => {
  it('applies its migrations once, even when two processes start at the same moment and again later', async () => {
    const pools = [createPool({ connectionString: db.url }), createPool({ connectionString: db.url })];
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool, EVENT_STORE_MIGRATIONS)));
      expect(applied.flat().sort()).toEqual(EVENT_STORE_MIGRATIONS.migrations.map((m) => m.version));
      expect(await migrate(pools[0], EVENT_STORE_MIGRATIONS)).toEqual([]);
      const rows = await pools[0].query('SELECT version FROM es_migrations');
      expect(rows.rowCount).toBe(EVENT_STORE_MIGRATIONS.migrations.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('opens connections with statement and idle-in-transaction timeouts', async () => {
    const pool = createPool({ connectionString: db.url, statementTimeoutMs: 1_234, idleInTransactionTimeoutMs: 5_678 });
    try {
      const { rows } = await pool.query("SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i");
      expect(rows[0]).toEqual({ s: '1234ms', i: '5678ms' });
      await expect(pool.query('SELECT pg_sleep(3)')).rejects.toMatchObject({ code: '57014' }); // cancelled by the server
    } finally {
      await pool.end();
    }
  });

  it('retries an append whose connection was killed, and the pool recovers', async () => {
    const store = await PostgresEventStore.open({ connectionString: db.url, applicationName: 'resilience-append' });
    try {
      const stream = `killed-${randomUUID()}`;
      await store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
      expect(await terminate('resilience-append')).toBeGreaterThan(0);
      const result = await store.appendToStream(stream, [event()], { expectedRevision: 0 });
      expect(result.nextRevision).toBe(1);
      expect(await store.readStream(stream)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('wakes subscribers through a new LISTEN connection after the old one is killed', async () => {
    // Polling is set to a minute, so only a notification can deliver the event in time; the
    // append comes from another store instance, so no in-process wake-up helps either.
    const subscriber = await PostgresEventStore.open({ connectionString: db.url, pollIntervalMs: 60_000 });
    const writer = await PostgresEventStore.open({ connectionString: db.url });
    try {
      const type = `AfterReconnect${randomUUID().slice(0, 8)}`;
      const head = await writer.headPosition();
      const received = take(subscriber, 1, 20_000, { fromPosition: head, filter: { eventTypes: [type] } });
      await new Promise((r) => setTimeout(r, 300));
      expect(await terminate('billing-listener')).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1_000)); // reconnects within ~100 ms
      const started = Date.now();
      await writer.appendToStream(`wake-${randomUUID()}`, [event(type)], { expectedRevision: 'no_stream' });
      expect((await received).map((e) => e.type)).toEqual([type]);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await subscriber.close();
      await writer.close();
    }
  });

  it('keeps a subscription alive while the database refuses connections', async () => {
    const store = await PostgresEventStore.open({ connectionString: db.url, pollIntervalMs: 100, applicationName: 'resilience-sub' });
    const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const name = new URL(db.url).pathname.slice(1);
    try {
      const type = `Outage${randomUUID().slice(0, 8)}`;
      const received = take(store, 2, 30_000, { fromPosition: await store.headPosition(), filter: { eventTypes: [type] } });
      await store.appendToStream(`outage-${randomUUID()}`, [event(type)], { expectedRevision: 'no_stream' });
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await new Promise((r) => setTimeout(r, 1_500));
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await store.appendToStream(`outage-${randomUUID()}`, [event(type)], { expectedRevision: 'no_stream' });
      expect(await received).toHaveLength(2);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
      await store.close();
    }
  });
});

describe('PostgreSQL event store: shared reads', () => {
  it('identical reads in flight share one query; a read after they finished queries again and sees newer events', async () => {
    const pool = createPool({ connectionString: db.url });
    const store = await PostgresEventStore.open({ connectionString: db.url, pool });
    const readQueries: string[] = [];
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    // The real pool, with its calls to the read-all statements counted.
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const name = (args[0] as { name?: string }).name;
      if (name?.startsWith('es_read_all')) readQueries.push(name);
      return query(...args);
    };
    // Events show once every older transaction has ended (other test files share the server).
    const visible = async (count: number) => {
      for (let tries = 0; (await store.readAll({ filter: { streamPrefixes: ['shared-'] }, maxCount: 100 })).length !== count; tries++) {
        if (tries > 400) throw new Error(`${count} events never became visible`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      await store.appendToStream('shared-1', [event(), event()], { expectedRevision: 'no_stream' });
      const filter = { streamPrefixes: ['shared-'] };
      await visible(2);
      readQueries.length = 0;
      const results = await Promise.all(Array.from({ length: 6 }, () => store.readAll({ filter, maxCount: 100 })));
      expect(readQueries).toHaveLength(1);
      for (const result of results) expect(result.map((e) => e.streamRevision)).toEqual([0, 1]);
      results[0].pop(); // each caller has an array of its own
      expect(results[1]).toHaveLength(2);

      // Different questions are not merged.
      await Promise.all([store.readAll({ filter, maxCount: 100 }), store.readAll({ filter, maxCount: 1 })]);
      expect(readQueries).toHaveLength(3);

      await store.appendToStream('shared-1', [event()], { expectedRevision: 1 });
      await visible(3);
    } finally {
      await store.close();
      await pool.end();
    }
  });
});

describe('PostgreSQL event store: filtered subscriptions', () => {
  const recordingStore = () => openRecordingStore(db.url);

  it('resumes after the events it looked at, not after its last match (no re-reading history on every append)', async () => {
    const { store, pool, startsAfter } = await recordingStore();
    const type = `Rare${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    let subscription: Promise<void> | undefined;
    try {
      const start = await store.headPosition();
      const others = await store.appendToStream(`common-${randomUUID()}`, Array.from({ length: 300 }, () => event('Common')), { expectedRevision: 'no_stream' });
      const lastOther = others.positions[others.positions.length - 1];
      const received: string[] = [];
      subscription = (async () => {
        for await (const e of store.subscribeToAll({ fromPosition: start, filter: { eventTypes: [type] }, signal: controller.signal })) received.push(e.type);
      })();
      // Once the 300 are visible, a read of the subscription looks at them and finds nothing…
      for (let tries = 0; !startsAfter.some((p) => p >= lastOther); tries++) {
        if (tries > 400) throw new Error(`the subscription never moved past ${lastOther}; it read after ${startsAfter.slice(-3).join(', ')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      // …and every later read starts after them, though nothing matched so far.
      const readsBeforeMatch = startsAfter.length;
      const match = await store.appendToStream(`rare-${randomUUID()}`, [event(type)], { expectedRevision: 'no_stream' });
      for (let tries = 0; received.length === 0; tries++) {
        if (tries > 400) throw new Error('the matching event never arrived');
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(received).toEqual([type]);
      const later = startsAfter.slice(readsBeforeMatch);
      expect(later.length).toBeGreaterThan(0);
      for (const position of later) expect(position >= lastOther).toBe(true);
      expect(later.some((position) => position < match.positions[0])).toBe(true); // the read that found it
    } finally {
      controller.abort();
      await subscription;
      await store.close();
      await pool.end();
    }
  });

  it('still delivers a match from a transaction that was open while later events were looked at and passed', async () => {
    const { store, pool, startsAfter } = await recordingStore();
    const type = `Held${randomUUID().slice(0, 8)}`;
    const held = new Client({ connectionString: db.url });
    await held.connect();
    try {
      const start = await store.headPosition();
      await held.query('BEGIN');
      const heldEvent = event(type);
      await held.query('SELECT * FROM es_append($1, -1, $2, $3, $4, $5, $6)', [`held-${randomUUID()}`, [heldEvent.id], [type], [1], [JSON.stringify({})], [JSON.stringify(heldEvent.metadata)]]);
      const received = take(store, 2, 20_000, { fromPosition: start, filter: { eventTypes: [type] } });
      // Events committed after the held transaction began, one of them a match: the subscription
      // delivers that one and moves on while the held one is still invisible.
      await store.appendToStream(`after-${randomUUID()}`, [event('Common'), event(type, { late: true })], { expectedRevision: 'no_stream' });
      const readsSoFar = startsAfter.length;
      await new Promise((r) => setTimeout(r, 500));
      expect(startsAfter.length).toBeGreaterThan(readsSoFar); // it kept reading meanwhile
      await held.query('COMMIT');
      const events = await received;
      expect(events.map((e) => e.id)).toEqual([heldEvent.id, expect.any(String)]);
      expect(events[1].data).toEqual({ late: true });
    } finally {
      await held.end().catch(() => undefined);
      await store.close();
      await pool.end();
    }
  });
});
