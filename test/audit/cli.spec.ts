import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPool, PostgresEventStore } from '@billing/event-store';
import { ProjectionRunner, silentLogger } from '@billing/projections';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitForCheckpoints } from '../projections/support/read-models';
import { appendKnownHistory } from './support/known-history';

jest.setTimeout(120_000);
const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'apps/api/dist/cli/audit/main.js');

let db: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

interface Run { code: number; stdout: string; stderr: string }

/** The CLI as a user runs it (compiled, its own process), against the test database. */
function audit(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: db?.url ?? '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api/tsconfig.app.json'], { cwd: ROOT, stdio: 'pipe' });
  db = await createTestDatabase();
  pool = createPool({ connectionString: db.url, max: 4 });
  store = await PostgresEventStore.open({ connectionString: db.url, pool, pollIntervalMs: 50 });
  await appendKnownHistory(store, 'acc-1');
  await appendKnownHistory(store, 'acc-2');
  const runner = new ProjectionRunner({ store, pool, logger: silentLogger, acquireIntervalMs: 50 });
  await runner.start();
  await waitForCheckpoints(pool, () => store.headPosition());
  await runner.stop();
});

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await db?.drop();
});

describe('npm run audit', () => {
  it('refuses bad arguments with the usage and exit code 2', async () => {
    for (const args of [[], ['frobnicate'], ['replay'], ['export', '--account', 'acc-1', '--from', '2024-03-01', '--to', 'later', '--format', 'csv'], ['verify', '--account', 'x']]) {
      const run = await audit(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(/^error: .+\n\nusage: npm run audit -- <command>/);
      expect(run.stdout).toBe('');
    }
  });

  it('replay: the history event by event with the running balance and the reload counter', async () => {
    const run = await audit('replay', '--account', 'acc-1');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('account acc-1: 10 event(s)');
    expect(lines[7]).toMatch(/ 5 +CallMinutesConsumed +-91\.67 +8\.33 +500 +2024-03 +0 +call c1: 591\.67 min/);
    expect(lines[9]).toMatch(/ 7 +CreditsPurchased +\+100\.00 +108\.33 +6500 +2024-03 +1 +auto-reload reload-c1 paid/);
    const events = await store.readStream('billing-account-acc-1');
    const until = await audit('replay', '--account', 'acc-1', '--until', events[4].recordedAt.toISOString(), '--json');
    const rows = JSON.parse(until.stdout) as { revision: number; balanceSeconds: number }[];
    // Events recorded in the same millisecond as revision 4 are "until" it too; revision 4 itself is the point.
    expect(rows.find((r) => r.revision === 4)?.balanceSeconds).toBe(6_000);
    expect(rows.every((r) => r.revision <= 4 || events[r.revision].recordedAt.getTime() === events[4].recordedAt.getTime())).toBe(true);
    expect(await audit('replay', '--account', 'nobody')).toMatchObject({ code: 1, stderr: 'error: account "nobody" has no events\n' });
  });

  it('export: the ledger as CSV with quoting, minutes and seconds, running balance and cause ids', async () => {
    const run = await audit('export', '--account', 'acc-1', '--from', '2024-03-01', '--to', '2024-04-30', '--format', 'csv');
    expect(run.code).toBe(0);
    const ids = (await store.readStream('billing-account-acc-1')).filter((e) => e.type === 'CreditsPurchased' || e.type === 'CallMinutesConsumed');
    expect(run.stdout.split('\r\n').map((line) => line.split(',').slice(0, 10).join(','))).toEqual([
      'time,account_id,kind,minutes,seconds,balance_after_minutes,balance_after_seconds,purchase_id,reload_id,call_id',
      '2024-03-02T10:05:00.000Z,acc-1,purchase,100.00,6000,100.00,6000,p1,,',
      '2024-03-10T12:00:00.000Z,acc-1,call,-91.67,-5500,8.33,500,,,c1',
      '2024-03-10T12:01:00.000Z,acc-1,auto_reload,100.00,6000,108.33,6500,,reload-c1,',
      // A naive split cuts the quoted id in two, hence one field fewer here; the full line is checked below.
      '2024-04-05T08:01:00.000Z,acc-1,purchase,200.00,12000,308.33,18500,"p2,""big""",',
      '',
    ]);
    expect(run.stdout).toContain(`,"p2,""big""",,,${ids[3].id},${ids[3].position}\r\n`);
    const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    const april = await audit('export', '--account', 'acc-1', '--from', '2024-04-01', '--to', '2024-04-30', '--format', 'csv', '--out', join(dir, 'april.csv'));
    expect(april).toMatchObject({ code: 0, stdout: '', stderr: `1 ledger entry written to ${join(dir, 'april.csv')}\n` });
    expect(readFileSync(join(dir, 'april.csv'), 'utf8').split('\r\n')).toHaveLength(3);
  });

  it('verify: exit 0 on a clean database; a drift injected into a read model is named and exits 1; rebuild repairs it', async () => {
    const clean = await audit('verify');
    expect(clean).toMatchObject({ code: 0, stdout: 'verified 20 event(s), 2 account(s): 0 drift(s)\n' });
    await pool.query(`UPDATE proj_accounts SET balance_seconds = 12345 WHERE account_id = 'acc-2'`);
    const drifted = await audit('verify');
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toBe('DRIFT accounts acc-2 balanceSeconds: read model 12345, replayed 18500\nverified 20 event(s), 2 account(s): 1 drift(s)\n');

    const rebuild = await audit('rebuild');
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(/^rebuilt accounts, credit_ledger, purchases, reloads, calls, monthly_usage, settings_changes from 20 event\(s\)/);
    expect(rebuild.stderr).toContain('rebuild: 20 of 20 events (100%)'); // not a terminal: plain lines
    expect(await audit('verify')).toMatchObject({ code: 0 });
  });
});
