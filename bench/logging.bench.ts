/**
 * npm run bench:logging — what one log line costs: the logger before pino (the reference, synchronous
 * process.stdout.write) against pino writing synchronously and asynchronously (the service's JsonLogger),
 * (and with a 4 KiB buffer, for comparison) to /dev/null, to a file and to a pipe read by `cat`. Each figure runs in a child process whose
 * stdout is the target, so it is the service's own path; the time includes the final flush, so deferring
 * writes is not counted as free. BENCH_LINES lines per figure (default 200,000), BENCH_ROUNDS rounds
 * (default 3, median shown), variants interleaved so a busy moment of the machine hits them all.
 */
import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { JsonLogger } from '@billing/api/logging/json-logger';
import { createPino, flushLogs } from '@billing/api/logging/pino-root';
import { bindRequestLogContext, type RawRequest, withCorrelationId } from '@billing/api/logging/request-context';
import { LegacyJsonLogger } from './support/legacy-json-logger';
import { table } from './support/database';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VARIANTS = ['legacy', 'pino-sync', 'pino-async', 'pino-async-4k', 'pino-async-request', 'pino-async-below-level'] as const;
type Variant = (typeof VARIANTS)[number];
const TARGETS = ['/dev/null', 'file', 'pipe'] as const;

// The request log line, the most frequent one, with the service's fields.
const fields = (i: number) => ({ correlationId: i % 2 ? undefined : 'c0a8012e-7f3b-4d3e-9a51-0d6c2b8f4e11', method: 'POST', path: '/v1/accounts/acc_1/calls', status: 201, durationMs: 3.4 });

type Entry = (level: 'debug' | 'info', msg: string, fields: Record<string, unknown>) => void;

async function child(variant: Variant): Promise<void> {
  let entry: Entry;
  let level: 'debug' | 'info' = 'info';
  let flush: () => Promise<void> = flushLogs;
  if (variant === 'legacy') {
    const logger = new LegacyJsonLogger('info');
    entry = (l, m, f) => logger.entry(l, m, f);
    // On a pipe process.stdout may queue what the reader has not taken yet: wait until it is out.
    flush = () => new Promise((resolve) => process.stdout.write('', () => resolve()));
  } else if (variant === 'pino-sync') {
    const logger = createPino('info', pino.destination({ dest: 1, sync: true }));
    entry = (l, m, f) => logger[l](f, m);
  } else if (variant === 'pino-async-4k') {
    // Not what the service does (a quiet service would hold its last lines): what batching would save.
    const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
    const logger = createPino('info', destination);
    entry = (l, m, f) => logger[l](f, m);
    flush = () => new Promise((resolve) => destination.flush(() => resolve()));
  } else {
    const logger = new JsonLogger('info');
    entry = (l, m, f) => logger.entry(l, m, f);
    if (variant === 'pino-async-below-level') level = 'debug';
  }
  const run = () => {
    for (let i = 0; i < LINES; i += 1) entry(level, 'request', fields(i));
  };
  const started = process.hrtime.bigint();
  if (variant === 'pino-async-request') withCorrelationId('c0a8012e-7f3b-4d3e-9a51-0d6c2b8f4e11', run);
  else run();
  await flush(); // everything written before the clock stops
  const ns = Number(process.hrtime.bigint() - started);
  process.stderr.write(`${JSON.stringify({ nsPerLine: ns / LINES })}\n`);
}

function measure(variant: Variant | 'awaits-without' | 'awaits-with', target: (typeof TARGETS)[number], folder: string): Promise<number> {
  const fd = target === 'pipe' ? 'ignore' : openSync(target === 'file' ? join(folder, `${variant}.log`) : '/dev/null', 'w');
  // A real pipe, as a container's log collector reads it (Node's own 'pipe' is a socket pair), read by cat.
  const command = target === 'pipe' ? ['sh', ['-c', `"${process.execPath}" "${__filename}" --child ${variant} | cat > /dev/null`]] as const : [process.execPath, [__filename, '--child', variant]] as const;
  return new Promise((resolve, reject) => {
    const process_ = spawn(command[0], command[1], { stdio: ['ignore', fd, 'pipe'] });
    let err = '';
    process_.stderr?.on('data', (chunk) => (err += chunk));
    process_.on('error', reject);
    process_.on('close', (code) => {
      if (typeof fd === 'number') closeSync(fd);
      if (code !== 0) return reject(new Error(`${variant} → ${target}: exit ${code}: ${err}`));
      resolve((JSON.parse(err.trim().split('\n').pop() ?? '{}') as { nsPerLine: number }).nsPerLine);
    });
  });
}

/**
 * What binding a request costs beyond its lines: on Node 20 an AsyncLocalStorage in use turns on promise
 * hooks for the whole process, so every await pays a little. Timed in a fresh child each: awaits with no
 * context ever opened, then with the binding used once before (as once the first request has come).
 */
async function awaitsChild(withContext: boolean): Promise<void> {
  const work = async () => {
    let sum = 0;
    for (let i = 0; i < LINES * 5; i += 1) sum += await Promise.resolve(i);
    return sum;
  };
  if (withContext) bindRequestLogContext({ headers: {} } as RawRequest, {} as ServerResponse, () => undefined);
  await work(); // warm-up
  const started = process.hrtime.bigint();
  await (withContext ? withCorrelationId('c0a8012e', work) : work());
  const ns = Number(process.hrtime.bigint() - started);
  process.stderr.write(`${JSON.stringify({ nsPerLine: ns / (LINES * 5) })}\n`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-logging-'));
  console.log(`logging benchmark: ${LINES.toLocaleString('en')} lines per figure, median of ${ROUNDS} rounds; ${cpus().length} cores; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const results = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of TARGETS) {
      for (const variant of VARIANTS) {
        const key = `${variant} ${target}`;
        results.set(key, [...(results.get(key) ?? []), await measure(variant, target, folder)]);
      }
    }
  }
  const awaits: Record<string, number[]> = { without: [], with: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const mode of ['without', 'with'] as const) awaits[mode].push(await measure(`awaits-${mode}`, '/dev/null', folder));
  }
  rmSync(folder, { recursive: true, force: true });
  const rows: (string | number)[][] = [['variant', ...TARGETS.flatMap((t) => [`${t} ns/line`, 'vs legacy'])]];
  for (const variant of VARIANTS) {
    rows.push([variant, ...TARGETS.flatMap((target) => {
      const ns = median(results.get(`${variant} ${target}`) ?? []);
      const reference = median(results.get(`legacy ${target}`) ?? []);
      return [Math.round(ns), (ns / reference).toFixed(2)];
    })]);
  }
  console.log(table(rows));
  const [without, within] = [median(awaits.without), median(awaits.with)];
  console.log(`\nan await: ${without.toFixed(0)} ns without a request context in the process, ${within.toFixed(0)} ns with one (${(within / without).toFixed(2)}×)`);
  console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

if (process.argv[2] === '--child' && process.argv[3].startsWith('awaits-')) void awaitsChild(process.argv[3] === 'awaits-with');
else if (process.argv[2] === '--child') void child(process.argv[3] as Variant);
else main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
