import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres;
  if (!db) return;
  await db.stop();
  if (process.env.TEST_PG_DATA_DIR) rmSync(dirname(process.env.TEST_PG_DATA_DIR), { recursive: true, force: true });
}
