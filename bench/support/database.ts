import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, freePort, startEmbeddedPostgres, withDatabase } from '@billing/event-store';

export interface BenchDatabase {
  url: string;
  describe: string;
  stop(): Promise<void>;
}

/** DATABASE_URL's server (a fresh database on it), or an embedded PostgreSQL in a temporary folder. */
export async function benchDatabase(name: string, settings: string[] = []): Promise<BenchDatabase> {
  const database = `${name}_${Date.now()}`;
  if (process.env.DATABASE_URL) {
    await ensureDatabase(process.env.DATABASE_URL, database);
    return { url: withDatabase(process.env.DATABASE_URL, database), describe: 'DATABASE_URL', stop: async () => undefined };
  }
  const folder = mkdtempSync(join(tmpdir(), 'billing-bench-pg-'));
  chmodSync(folder, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: join(folder, 'data'), port: await freePort(), database, settings });
  return {
    url: db.url,
    describe: 'embedded PostgreSQL',
    async stop() {
      await db.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs `worker` on `concurrency` loops for `seconds`, returns operations per second. */
export async function rate(concurrency: number, seconds: number, worker: (loop: number) => Promise<number>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < until) {
        const n = await worker(loop); // not `done += await …`: that reads `done` before awaiting and loses counts
        done += n;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? Math.round(c).toLocaleString('en-US') : c)));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}
