import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Logs are written to stdout asynchronously; nothing may be lost when the process exits, whichever way.
const DIST = join(__dirname, '../../apps/api/dist/logging');
const N = 20_000; // ~5 MB: far more than a pipe holds, so writes are still pending at the exit

const child = (mode: string) => `
const { JsonLogger } = require(${JSON.stringify(join(DIST, 'json-logger.js'))});
const { flushLogs } = require(${JSON.stringify(join(DIST, 'pino-root.js'))});
const logger = new JsonLogger('info');
const mode = ${JSON.stringify(mode)};
const log = () => { for (let i = 0; i < ${N}; i += 1) logger.entry('info', 'line', { i, pad: 'x'.repeat(200) }); };
if (mode === 'sigterm') {
  // As main.ts: the signal handler logs, flushes, exits.
  process.on('SIGTERM', () => { log(); logger.entry('info', 'stopped'); void flushLogs().then(() => process.exit(0)); });
  process.stderr.write('ready\\n');
  setInterval(() => undefined, 1000);
} else {
  log();
  logger.entry('info', 'stopped');
  if (mode === 'flush-then-exit') void flushLogs().then(() => process.exit(0));
  if (mode === 'exit') process.exit(3); // no flush of ours: pino's exit hook
  if (mode === 'throw') throw new Error('crash'); // an uncaught error
}
`;

function run(mode: string): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ['-e', child(mode)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stalled = true;
    process_.stdout.setEncoding('utf8');
    process_.stdout.on('data', (chunk: string) => {
      out += chunk;
      // A slow reader: pause now and then so the child's writes back up (EAGAIN on the pipe).
      if (stalled) {
        stalled = false;
        process_.stdout.pause();
        setTimeout(() => process_.stdout.resume(), 50);
      }
    });
    process_.stderr.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('ready')) process_.kill('SIGTERM');
    });
    process_.on('error', reject);
    process_.on('close', (code) => resolve({ code, lines: out.split('\n').filter(Boolean) }));
  });
}

describe('asynchronous logs are all written before the process exits', () => {
  beforeAll(() => {
    if (!existsSync(join(DIST, 'json-logger.js'))) throw new Error(`${DIST} is missing: run "npx tsc -b" (npm test builds it) first`);
  });

  it.each([
    ['flush-then-exit', 0],
    ['exit', 3],
    ['throw', 1],
    ['sigterm', 0],
  ])('%s: every line arrives, in order, each whole (exit code %d)', async (mode, expectedCode) => {
    const { code, lines } = await run(mode);
    expect(code).toBe(expectedCode);
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; i?: number });
    expect(parsed).toHaveLength(N + 1);
    expect(parsed.slice(0, N).every((line, index) => line.i === index)).toBe(true);
    expect(parsed[N].msg).toBe('stopped');
  }, 30_000);
});

it('a reader that does not keep up costs at most 16 MiB of waiting lines: the rest is dropped and counted, never held', async () => {
  const total = 120_000; // ~30 MB of lines written in one burst, faster than any pipe drains
  const script = `
const { JsonLogger } = require(${JSON.stringify(join(DIST, 'json-logger.js'))});
const { flushLogs, droppedLogLines, LOG_BUFFER_MAX_BYTES } = require(${JSON.stringify(join(DIST, 'pino-root.js'))});
const logger = new JsonLogger('info');
for (let i = 0; i < ${total}; i += 1) logger.entry('info', 'line', { i, pad: 'x'.repeat(200) });
process.stderr.write(JSON.stringify({ dropped: droppedLogLines(), max: LOG_BUFFER_MAX_BYTES }) + '\\n');
void flushLogs().then(() => process.exit(0));
`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  const { dropped, max } = JSON.parse(err.trim().split('\n').pop() ?? '{}') as { dropped: number; max: number };
  const received = out.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { i: number });
  expect(dropped).toBeGreaterThan(0);
  expect(received.length + dropped).toBe(total); // each line either written whole or counted as dropped
  expect(out.length).toBeLessThan(max + 1_000_000); // what waited stayed within the bound (plus what the pipe took at once)
  for (let k = 1; k < received.length; k++) expect(received[k].i).toBeGreaterThan(received[k - 1].i); // in order, none twice
}, 60_000);
