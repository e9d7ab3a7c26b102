/**
 * npm run bench:e2e — the whole service over HTTP: call ends at rising concurrency against the same
 * database's raw INSERT rate (the reference, measured in this run), latency at half the peak,
 * projection lag, the API's memory, and how long loading an account takes as its history grows (10 to
 * 1,000,000 events), with snapshot sizes and a call end's CPU on an old account next to a new one;
 * and batches of 100 and 1,000 call ends (POST /v1/call-ends) at 1, 8 and 32 clients (support/batch-load.ts).
 * Targets (printed, never asserted): throughput >= 0.25 x reference at 64 clients; batches of 100 >= 1.5 x; p99 < 25 ms at half the peak;
 * peak RSS < 250 MB; the account state's targets are support/state-load.ts's (also `npm run bench:state`).
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fork, spawn } from 'node:child_process';
import { Pool } from 'pg';
import { freePort } from '@billing/event-store';
import { signToken } from '@billing/api/auth/tokens';
import { benchDatabase, rate, table } from './support/database';
import { stateLoad } from './support/state-load';
import { batchLoad } from './support/batch-load';
import { cpuTimes } from './support/cpu';
import { load, type LoadResult, percentile, send } from './support/http-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
const SECRET = 'bench-secret-that-is-at-least-32-characters';

async function main(): Promise<void> {
  // BENCH_PG_STATEMENTS=1: the statements that took the server's time at the peak (embedded server only).
  const statements = process.env.BENCH_PG_STATEMENTS === '1';
  // BENCH_PG_SETTINGS="name=value …": more settings for the embedded server, to compare configurations.
  const settings = (process.env.BENCH_PG_SETTINGS ?? '').split(' ').filter(Boolean).flatMap((setting) => ['-c', setting]);
  if (statements) settings.push('-c', 'shared_preload_libraries=pg_stat_statements');
  const db = await benchDatabase('bench_e2e', settings);
  const port = await freePort();
  // BENCH_API_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the service under load.
  const nodeOptions = process.env.BENCH_API_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  // BENCH_API_MAIN: another build of the service (e.g. an earlier commit's apps/api/dist/main.js), to compare back to back.
  const main = process.env.BENCH_API_MAIN || join(__dirname, '../../apps/api/dist/main.js');
  const api = spawn(process.execPath, [...nodeOptions, main], {
    env: { PATH: process.env.PATH, PORT: String(port), DATABASE_URL: db.url, AUTH_JWT_SECRET: SECRET, PAYMENTS_SANDBOX: 'true', LOG_LEVEL: 'error', DB_POOL_MAX: '32', ...extraEnv() },
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await healthy(url);
    console.log(`e2e benchmark on ${db.describe}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${SECONDS} s per figure\n`);
    const svc = { Authorization: `Bearer ${await signToken({ sub: 'bench', role: 'service' }, SECRET)}` };
    await openAccounts(url, svc);

    const pool = new Pool({ connectionString: db.url, max: 32 });
    // A running system has planner statistics (autovacuum analyzes as tables grow); a database
    // filled seconds ago does not, and without them the subscriptions' reads sort their whole range.
    await pool.query('ANALYZE');
    await pool.query('CREATE TABLE IF NOT EXISTS bench_reference (id bigserial PRIMARY KEY, payload jsonb NOT NULL)');
    const reference = await rate(32, SECONDS, async () => {
      await pool.query({ name: 'ref', text: 'INSERT INTO bench_reference (payload) VALUES ($1)', values: ['{"callId":"x","durationSeconds":60}'] });
      return 1;
    });

    // BENCH_ONLY=batches: the reference and the batch figures alone (no single calls, floors or state load), to iterate quickly.
    if (process.env.BENCH_ONLY === 'batches') {
      if (statements) await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()');
      console.log(`INSERT reference (32 clients, same database): ${Math.round(reference).toLocaleString('en-US')} tx/s\n`);
      console.log(await batchLoad(url, svc, ACCOUNTS, SECONDS, reference, api.pid));
      if (statements) console.log(`\nover the batch figures, by the server's time:\n${await topStatements(pool)}`);
      await pool.end();
      return;
    }

    let counter = 0;
    const call = () => send(`${url}/v1/accounts/acc_${counter % ACCOUNTS}/calls`, 'POST', svc,
      JSON.stringify({ callId: `b_${counter++}`, durationSeconds: 60, endedAt: new Date().toISOString() }));
    const rows: (string | number)[][] = [['clients', 'calls/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'vs INSERT ref', 'API CPU ms/call', 'all CPU ms/call']];
    let peak = 0;
    const errorKinds: string[] = [];
    for (const concurrency of [1, 8, 32, 64]) {
      if (statements && concurrency === 64) await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()');
      const before = cpuTimes(api.pid);
      const r = await load({ concurrency, seconds: SECONDS, next: call });
      const after = cpuTimes(api.pid);
      peak = Math.max(peak, r.perSecond);
      if (r.errors) errorKinds.push(`${concurrency} clients: ${r.errorKinds}`);
      rows.push([String(concurrency), r.perSecond, r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.errors, (r.perSecond / reference).toFixed(2),
        ((after.process - before.process) / r.requests).toFixed(2), ((after.machine - before.machine) / r.requests).toFixed(2)]);
    }
    console.log(`INSERT reference (32 clients, same database): ${Math.round(reference).toLocaleString('en-US')} tx/s\n`);
    console.log(table(rows));
    if (errorKinds.length) console.log(`errors: ${errorKinds.join('; ')}`);
    if (statements) console.log(`\nat 64 clients, by the server's time:\n${await topStatements(pool)}`);

    // Open loop at half the peak, sampling projection lag meanwhile.
    const lags: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        lags.push(await projectionLagMs(pool));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    if (statements) await pool.query('SELECT pg_stat_statements_reset()');
    const served = parseDurations(await (await fetch(`${url}/metrics`)).text()); // also resets the event-loop delay histogram
    const half = await load({ concurrency: 0, seconds: SECONDS * 2, ratePerSecond: Math.round(peak / 2), next: call });
    const loop = await (await fetch(`${url}/metrics`)).text();
    const servedAfter = parseDurations(loop);
    const loopMs = (name: string) => (Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(loop)?.[1] ?? 0) * 1000).toFixed(1);
    sampling = false;
    await sampler;
    lags.sort((a, b) => a - b);
    console.log(`\nat half the peak (${Math.round(peak / 2)} calls/s, open loop): p50 ${half.p50.toFixed(1)} ms, p95 ${half.p95.toFixed(1)} ms, p99 ${half.p99.toFixed(1)} ms (target < 25), errors ${errorsOf(half)}`);
    const within = (le: string) => ((100 * (servedAfter[le] - served[le])) / (servedAfter['+Inf'] - served['+Inf'])).toFixed(1);
    console.log(`the service's own time on those calls (request in to response out): ${within('0.01')} % within 10 ms, ${within('0.025')} % within 25 ms`);
    console.log(`projection lag (calls read model) meanwhile: p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms`);
    console.log(`the service's event loop meanwhile: delay p50 ${loopMs('p50')} ms, p99 ${loopMs('p99')} ms, max ${loopMs('max')} ms`);
    if (statements) console.log(`at half the peak, by the server's time:\n${await topStatements(pool)}`);
    const status = readFileSync(`/proc/${api.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0) / 2 ** 20;
    console.log(`API memory: peak RSS ${(kb('VmHWM') / 1024).toFixed(0)} MB (target < 250), now ${(kb('VmRSS') / 1024).toFixed(0)} MB, `
      + `of which the V8 heap ${gauge('nodejs_heap_size_total_bytes').toFixed(0)} MB (${gauge('nodejs_heap_size_used_bytes').toFixed(0)} MB used)`);
    // BENCH_ONLY=singles: the single call ends, half the peak and memory alone (e.g. to compare settings with BENCH_API_ENV).
    if (process.env.BENCH_ONLY === 'singles') {
      await pool.end();
      return;
    }
    console.log(`\n${await batchLoad(url, svc, ACCOUNTS, SECONDS, reference, api.pid)}`);
    console.log(`\n${await floors(db.url, reference, Math.round(peak / 2), svc)}`);
    await pool.end();

    console.log(`\n${await stateLoad(db.url)}`);
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.on('exit', r));
    await db.stop();
  }
}

/**
 * The same load against floors that do one INSERT per request and nothing else: a bare node:http
 * server (support/bare-server.ts), and the service's own HTTP stack — Nest, the guard, validation — on
 * Nest's Fastify adapter as the service runs it and on Express (support/nest-floor.ts). Same route, same
 * token, same bodies. The service cannot be faster than its own stack's floor.
 */
async function floors(databaseUrl: string, reference: number, halfPeakRate: number, headers: Record<string, string>): Promise<string> {
  const lines = ['floors for comparison, each doing one INSERT per request and nothing else, same load generator:'];
  const setups = [
    ['bare-server', '', 'bare node:http, no framework'],
    ['nest-floor', 'express', 'Nest on Express + guard + validation (the service\'s HTTP stack before issue 17)'],
    ['nest-floor', 'fastify', 'the same on Nest\'s Fastify adapter (the service\'s HTTP stack)'],
  ];
  for (const [script, platform, label] of setups) {
    const port = await freePort();
    const floor = fork(join(__dirname, `support/${script}.js`), [], {
      env: { PATH: process.env.PATH, PORT: String(port), DATABASE_URL: databaseUrl, AUTH_JWT_SECRET: SECRET, PLATFORM: platform },
    });
    try {
      await new Promise((resolve, reject) => {
        floor.once('message', resolve);
        floor.once('exit', (code) => reject(new Error(`the ${script} floor exited (${code})`)));
      });
      let n = 0;
      const next = () => send(`http://127.0.0.1:${port}/v1/accounts/acc_${n % ACCOUNTS}/calls`, 'POST', headers,
        JSON.stringify({ callId: `floor_${n++}`, durationSeconds: 60, endedAt: new Date().toISOString() }));
      await load({ concurrency: 64, seconds: 3, next }); // warm up, as the service was by the runs before its peak
      const peak = await load({ concurrency: 64, seconds: SECONDS, next });
      const half = await load({ concurrency: 0, seconds: SECONDS * 2, ratePerSecond: halfPeakRate, next });
      lines.push(`  ${label}: 64 clients ${Math.round(peak.perSecond).toLocaleString('en-US')} requests/s (${(peak.perSecond / reference).toFixed(2)} x the INSERT reference), `
        + `p99 ${peak.p99.toFixed(1)} ms, errors ${errorsOf(peak, half)}; at the service's half-peak rate (${halfPeakRate}/s) p99 ${half.p99.toFixed(1)} ms`);
    } finally {
      floor.kill('SIGTERM');
    }
  }
  return lines.join('\n');
}

/** How many requests failed over these loads, and how: "0", or e.g. "3 (503 x2, ECONNRESET x1)". */
function errorsOf(...results: LoadResult[]): string {
  const count = results.reduce((sum, r) => sum + r.errors, 0);
  return count ? `${count} (${results.map((r) => r.errorKinds).filter(Boolean).join(', ')})` : '0';
}

/** The service's histogram of call ends (POST …/calls): cumulative count per bucket bound ("0.025", "+Inf"…). */
function parseDurations(text: string): Record<string, number> {
  const buckets: Record<string, number> = {};
  for (const [, labels, count] of text.matchAll(/^http_request_duration_seconds_bucket\{([^}]*)\} (\d+)$/gm)) {
    if (!labels.includes('method="POST"') || !/route="[^"]*\/calls"/.test(labels)) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1] ?? '';
    buckets[le] = (buckets[le] ?? 0) + Number(count);
  }
  return buckets;
}

async function topStatements(pool: Pool): Promise<string> {
  const { rows } = await pool.query(`SELECT calls, round(total_exec_time) AS ms, round((total_exec_time / calls * 1000)::numeric) AS us_per_call,
    left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`);
  return table([['calls', 'total ms', 'µs/call', 'statement'], ...rows.map((r) => [Number(r.calls), Number(r.ms), Number(r.us_per_call), String(r.query)])]);
}

/** BENCH_API_ENV="NAME=value NAME=value" adds settings to the service's environment (to compare configurations). */
function extraEnv(): Record<string, string> {
  const pairs = (process.env.BENCH_API_ENV ?? '').split(' ').filter(Boolean).map((pair) => pair.split('='));
  return Object.fromEntries(pairs.map(([name, ...value]) => [name, value.join('=')]));
}

async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not become healthy');
}

/** 1,000 accounts, each with 10 blocks of credits bought through the sandbox checkout. */
async function openAccounts(url: string, svc: Record<string, string>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i < ACCOUNTS; i = next++) {
      const accountId = `acc_${i}`;
      await send(`${url}/v1/accounts`, 'POST', svc, JSON.stringify({ accountId, plan: 'free' }));
      const admin = { Authorization: `Bearer ${await signToken({ sub: 'owner', role: 'admin', accountId }, SECRET)}` };
      const bought = await fetch(`${url}/v1/accounts/${accountId}/credit-purchases`, { method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' }, body: '{"blocks":10}' });
      const { checkoutUrl } = (await bought.json()) as { checkoutUrl: string };
      await send(`${url}${new URL(checkoutUrl).pathname}/pay`, 'POST', {});
    }
  }));
}

/** How long ago the oldest event the calls read model has not applied yet was recorded (0 when caught up). */
async function projectionLagMs(pool: Pool): Promise<number> {
  const { rows } = await pool.query(`
    SELECT extract(epoch FROM (clock_timestamp() - e.created_at)) * 1000 AS ms FROM projection_checkpoints c
    JOIN LATERAL (SELECT created_at FROM es_events e
                  WHERE (e.transaction_id, e.global_position) > (split_part(c.position, '-', 1)::numeric::text::xid8, split_part(c.position, '-', 2)::bigint)
                    AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                  ORDER BY e.transaction_id, e.global_position LIMIT 1) e ON true
    WHERE c.name = 'calls'`);
  return rows[0] ? Number(rows[0].ms) : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
