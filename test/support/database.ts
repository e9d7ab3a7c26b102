import { randomUUID } from 'node:crypto';
import { dropDatabase, ensureDatabase, withDatabase } from '@billing/event-store';

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
