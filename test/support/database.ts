import { randomUUID } from 'node:crypto';
import { dropDatabase, ensureDatabase, PostgresEventStore, withDatabase } from '@billing/event-store';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the run's server, so test files never see each other's data. */
export async function createTestDatabase(adminUrl = requireAdminUrl()): Promise<TestDatabase> {
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await ensureDatabase(adminUrl, name);
  return { url: withDatabase(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

function requireAdminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through jest (its global setup starts PostgreSQL)');
  return url;
}

/**
 * A PostgreSQL event store on a fresh database for the whole test file: opened before its tests,
 * closed and dropped after them. `current()` is the store once beforeAll has run.
 */
export function useTestEventStore(): { current(): PostgresEventStore } {
  let db: TestDatabase | undefined;
  let store: PostgresEventStore | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = await PostgresEventStore.open({ connectionString: db.url });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  return {
    current() {
      if (!store) throw new Error('the test event store is opened in beforeAll');
      return store;
    },
  };
}
