import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Relative import: global setup runs outside Jest's module mapping (no build needed).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort, startEmbeddedPostgres } from '../../libs/event-store/src/postgres/embedded';

/**
 * One PostgreSQL server for the whole run: the one DATABASE_URL names, or an embedded one in a
 * fresh folder. Each test file then creates its own database on it (see database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'billing-test-pg-'));
  chmodSync(folder, 0o755); // as root, the server runs as the "postgres" user, which must reach it
  const dataDir = join(folder, 'data');
  const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
  process.env.TEST_PG_ADMIN_URL = db.adminUrl;
  process.env.TEST_PG_DATA_DIR = dataDir;
  (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = db;
}
