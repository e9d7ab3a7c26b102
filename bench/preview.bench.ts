/**
 * npm run bench:preview — the auto-reload what-if (POST …/auto-reload/preview without its HTTP layer) for an
 * account with 1,000 / 10,000 / 100,000 calls in the three months replayed, next to a plain SELECT of those
 * call rows measured in the same run. Median of 7 runs after one warm-up; numbers, never a pass/fail.
 */
import { cpus, totalmem } from 'node:os';
import { Pool } from 'pg';
import { DEFAULT_PLANS, simulateAutoReload } from '@billing/domain';
import { migrateProjections, replayFactsOf } from '@billing/projections';
import { benchDatabase, table } from './support/database';

const SIZES = [1_000, 10_000, 100_000];
const WINDOW = { fromMonth: '2026-09', toMonth: '2026-11' };
const RUNS = 7;

async function seed(pool: Pool, accountId: string, calls: number): Promise<void> {
  const spacing = Math.floor((91 * 86_400) / calls);
  // Two-minute calls spread over September–November; a 100-minute purchase every 50 calls keeps the balance moving.
  await pool.query(
    `INSERT INTO proj_calls (account_id, call_id, ended_at, month, duration_seconds, subscription_seconds, credit_seconds,
       credit_balance_after_seconds, reload_decision, threshold_seconds, reload_id, position)
     SELECT $1, 'call_' || g, t.ts, to_char(t.ts AT TIME ZONE 'UTC', 'YYYY-MM'), 120, 0, 120, 60000 - (g % 50) * 120 - 120, 'disabled', 600, NULL,
            lpad(g::text, 20, '0') || '-' || lpad(g::text, 20, '0')
       FROM generate_series(1, $2::int) g, LATERAL (SELECT '2026-09-01T00:00:00Z'::timestamptz + g * $3::int * interval '1 second') t(ts)`,
    [accountId, calls, spacing],
  );
  await pool.query(
    `INSERT INTO proj_credit_ledger (event_id, account_id, kind, seconds, minutes, balance_after_seconds, balance_after_minutes, purchase_id, reload_id, call_id, at, position)
     SELECT gen_random_uuid(), $1, 'purchase', 6000, 100, 60000, 1000, 'pur_' || g, NULL, NULL, '2026-09-01T00:00:00Z'::timestamptz + g * $3::int * interval '1 second',
            lpad(g::text, 20, '0') || '-' || lpad(g::text, 20, '0') || 'p'
       FROM generate_series(50, $2::int, 50) g`,
    [accountId, calls, spacing],
  );
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_preview');
  const pool = new Pool({ connectionString: db.url, max: 4 });
  try {
    console.log(`preview benchmark on ${db.describe}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${new Date().toISOString()}\n`);
    await migrateProjections(pool);
    const rows: (string | number)[][] = [['calls in window', 'SELECT rows (ms)', 'read facts (ms)', 'facts + replay (ms)', 'ratio to SELECT']];
    for (const size of SIZES) {
      const accountId = `acc_bench_${size}`;
      await seed(pool, accountId, size);
      await pool.query('ANALYZE');
      const reference = await median(() =>
        pool.query(`SELECT * FROM proj_calls WHERE account_id = $1 AND ended_at >= '2026-09-01T00:00:00Z' AND ended_at < '2026-12-01T00:00:00Z'`, [accountId]));
      const read = await median(() => replayFactsOf(pool, accountId, 'UTC', WINDOW));
      const whole = await median(async () => {
        const { openingBalanceSeconds, facts } = await replayFactsOf(pool, accountId, 'UTC', WINDOW);
        const preview = simulateAutoReload({ plan: DEFAULT_PLANS.starter, timeZone: 'UTC', window: WINDOW, openingBalanceSeconds, facts }, { thresholdMinutes: 10, monthlyMaximum: 20 });
        if (preview.months.reduce((n, m) => n + m.calls, 0) !== size) throw new Error(`replayed the wrong calls for ${size}`);
      });
      rows.push([size.toLocaleString('en-US'), reference.toFixed(1), read.toFixed(1), whole.toFixed(1), `${(whole / reference).toFixed(2)}×`]);
    }
    console.log(table(rows));
  } finally {
    await pool.end();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
