import { type ChildProcess, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountStreamName } from '@billing/domain';
import { freePort, PostgresEventStore } from '@billing/event-store';
import { signToken } from '@billing/api/auth/tokens';
import { type ServiceProcess, startService, waitForHealthy } from '../support/service-process';

// A real restart of the database server (its own embedded PostgreSQL, so no other test is touched)
// under load: the API answers 503 problem+json while it is down, /health says so, and it recovers
// by itself without being restarted.
const SECRET = 'restart-secret-that-is-at-least-32-characters';
let folder: string;
let pg: ChildProcess;
let pgUrl: string;
let service: ServiceProcess | undefined;

/** Sends a message to the server process and waits for its answer. */
function ask(message: string): Promise<unknown> {
  return new Promise((resolve) => {
    pg.once('message', resolve);
    pg.send(message);
  });
}

beforeAll(async () => {
  // The port is free when chosen, but a busy machine (other test files, their clients' ephemeral
  // ports) can take it before the server binds; the server process then exits: try another port.
  for (let attempt = 1; !pgUrl; attempt++) {
    folder = mkdtempSync(join(tmpdir(), 'billing-restart-'));
    chmodSync(folder, 0o755);
    pg = fork(join(__dirname, 'support/pg-server.js'), [join(folder, 'data'), String(await freePort())]);
    const first = await new Promise<unknown>((resolve) => {
      pg.once('message', resolve);
      pg.once('exit', resolve);
    });
    if (first && typeof first === 'object') pgUrl = (first as { url: string }).url;
    else {
      rmSync(folder, { recursive: true, force: true });
      if (attempt === 3) throw new Error(`the test's own PostgreSQL did not start (exit code ${String(first)})`);
    }
  }
}, 60_000);
afterAll(async () => {
  service?.child.kill('SIGKILL');
  if (pg?.connected) {
    const exited = new Promise((resolve) => pg.once('exit', resolve));
    pg.send('exit');
    await exited;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

it('answers 503 while the database server restarts and recovers without a restart of its own', async () => {
  service = startService({ DATABASE_URL: pgUrl, AUTH_JWT_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'error' }, await freePort());
  await waitForHealthy(service.url, 60_000);
  const svc = { Authorization: `Bearer ${await signToken({ sub: 'platform', role: 'service' }, SECRET)}`, 'Content-Type': 'application/json' };
  const url = service.url;
  expect((await fetch(`${url}/v1/accounts`, { method: 'POST', headers: svc, body: JSON.stringify({ accountId: 'acc_restart', plan: 'pro' }) })).status).toBe(201);

  const acknowledged: string[] = [];
  const statuses = new Map<number, number>();
  let stop = false;
  let n = 0;
  const clients = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const callId = `rs_${n++}`;
      const response = await fetch(`${url}/v1/accounts/acc_restart/calls`, { method: 'POST', headers: svc, body: JSON.stringify({ callId, durationSeconds: 30, endedAt: new Date().toISOString() }) });
      const body = (await response.json()) as { code?: string };
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 201) acknowledged.push(callId);
      else {
        expect(response.status).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(body.code).toBe('SERVICE.UNAVAILABLE');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  await new Promise((r) => setTimeout(r, 500));
  expect(await ask('stop')).toBe('stopped');
  await new Promise((r) => setTimeout(r, 1_000));
  const down = await fetch(`${url}/health`);
  expect(down.status).toBe(503);
  expect(((await down.json()) as { error: { database: { status: string } } }).error.database.status).toBe('down');
  await ask('start');
  await waitForHealthy(url, 30_000);
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await Promise.all(clients);

  expect(statuses.get(503)).toBeGreaterThan(0);
  expect([...statuses.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);
  const store = await PostgresEventStore.open({ connectionString: pgUrl, migrate: false });
  try {
    const recorded = new Set((await store.readStream(accountStreamName('acc_restart'))).filter((e) => e.type === 'CallMinutesConsumed').map((e) => e.data.callId));
    for (const callId of acknowledged) expect(recorded.has(callId)).toBe(true);
  } finally {
    await store.close();
  }
  expect(service.child.exitCode).toBeNull(); // the same process, never restarted
}, 120_000);
