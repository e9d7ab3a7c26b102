/**
 * npm run bench:projections — how fast read models are rebuilt and how far behind they run live.
 * 1. Rebuild: every read model from position zero over BENCH_EVENTS (default 1,000,000) realistic
 *    billing events, next to the raw readAll rate of the same store in the same run. Target >= 50,000/s.
 * 2. Lag: a steady BENCH_COMMANDS_PER_SECOND (default 500) call ends for BENCH_LAG_SECONDS (default 20)
 *    while the runner follows live; lag = from the append's return to every checkpoint covering it.
 *    Target p99 < 100 ms.
 * Smaller runs: BENCH_EVENTS=100000 BENCH_LAG_SECONDS=5 npm run bench:projections
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import {
  accountStreamName, type AccountState, type BillingCommand, type BillingEvent, decide, DEFAULT_PLANS, EVENT_SCHEMA_VERSIONS,
  evolveAll, initialState,
} from '@billing/domain';
import { PostgresEventStore, type Position } from '@billing/event-store';
import { ProjectionRunner, rebuildProjections, silentLogger } from '@billing/projections';
import { benchDatabase, table } from './support/database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const EVENTS_PER_ACCOUNT = Number(process.env.BENCH_EVENTS_PER_ACCOUNT ?? 500);
const COMMANDS_PER_SECOND = Number(process.env.BENCH_COMMANDS_PER_SECOND ?? 500);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const APPENDERS = 4;
const service = { id: 'svc-bench', role: 'service' as const };
const admin = { id: 'bench-admin', role: 'admin' as const };

interface Account { id: string; state: AccountState; revision: number; clock: number; calls: number; chain?: Promise<unknown> }

/** Runs commands through the real decider; the events are appended by the caller. */
function run(account: Account, command: BillingCommand, out: BillingEvent[]): void {
  const events = decide(command, account.state, { plans: DEFAULT_PLANS });
  account.state = evolveAll(events, account.state);
  out.push(...events);
}

/** The next command of a busy account: mostly call ends (some trigger reloads, which are then paid), some purchases. */
function nextCommand(account: Account): BillingCommand {
  account.clock += 600_000 + (account.calls % 7) * 300_000;
  const at = new Date(account.clock).toISOString();
  const inFlight = account.state.autoReload.reloadInFlight;
  if (inFlight) return { type: 'CompleteAutoReload', accountId: account.id, at, actor: service, reloadId: inFlight, paymentReference: `pi_${inFlight}` };
  account.calls += 1;
  return { type: 'RecordCallEnded', accountId: account.id, at, actor: service, callId: `call-${account.calls}`, durationSeconds: 60 + ((account.calls * 97) % 1_500), endedAt: at };
}

function openAccount(id: string): { account: Account; events: BillingEvent[] } {
  const account: Account = { id, state: initialState(), revision: -1, clock: Date.parse('2024-01-01T00:00:00Z'), calls: 0 };
  const events: BillingEvent[] = [];
  const at = new Date(account.clock).toISOString();
  run(account, { type: 'OpenAccount', accountId: id, at, actor: service, planId: 'starter', timeZone: 'UTC', stripeCustomerId: `cus_${id}` }, events);
  run(account, { type: 'SetPaymentMethodOnFile', accountId: id, at, actor: service, paymentMethodId: `pm_${id}` }, events);
  run(account, { type: 'ConfigureAutoReload', accountId: id, at, actor: admin, enabled: true, thresholdMinutes: 30, monthlyMaximum: 20 }, events);
  return { account, events };
}

function toAppend(events: readonly BillingEvent[]) {
  return events.map((e) => ({
    id: randomUUID(), type: e.type, schemaVersion: EVENT_SCHEMA_VERSIONS[e.type], data: e.data as never,
    metadata: { correlationId: randomUUID(), actor: service },
  }));
}

async function append(store: PostgresEventStore, account: Account, events: readonly BillingEvent[]): Promise<Position[]> {
  const result = await store.appendToStream(accountStreamName(account.id), toAppend(events), { expectedRevision: account.revision < 0 ? 'no_stream' : account.revision });
  account.revision = result.nextRevision;
  return result.positions;
}

/** BENCH_EVENTS events over accounts of about EVENTS_PER_ACCOUNT each, one append per account, APPENDERS at a time. */
async function fill(store: PostgresEventStore): Promise<Account[]> {
  const accounts: Account[] = [];
  let written = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: APPENDERS }, async () => {
    while (written < EVENTS) {
      const { account, events } = openAccount(`acc-${String(next++).padStart(6, '0')}`);
      accounts.push(account);
      const target = Math.min(EVENTS_PER_ACCOUNT, EVENTS - written);
      written += target; // reserved before the await, so appenders do not overshoot
      while (events.length < target) run(account, nextCommand(account), events);
      const kept = events.slice(0, target);
      if (kept.length < events.length) account.state = evolveAll(kept, initialState()); // the last command was cut short
      await append(store, account, kept);
    }
  }));
  process.stderr.write(`generated and appended ${written.toLocaleString('en-US')} events over ${accounts.length} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return accounts;
}

async function readAllRate(store: PostgresEventStore): Promise<{ events: number; rate: number }> {
  const started = performance.now();
  let events = 0;
  let position: Position | undefined;
  for (;;) {
    const batch = await store.readAll({ fromPosition: position, maxCount: 5_000 });
    events += batch.length;
    if (batch.length < 5_000) break;
    position = batch[batch.length - 1].position;
  }
  return { events, rate: events / ((performance.now() - started) / 1000) };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** Steady call ends while the runner follows; each command's lag is when the slowest checkpoint passes it. */
async function measureLag(store: PostgresEventStore, accounts: Account[]): Promise<number[]> {
  const runner = new ProjectionRunner({ store, pool: store.pool, logger: silentLogger, acquireIntervalMs: 100 });
  await runner.start();
  const pending: { position: string; appended: number }[] = [];
  const lags: number[] = [];
  let stop = false;
  const watcher = (async () => {
    while (!stop || pending.length) {
      const { rows } = await store.pool.query<{ position: string }>('SELECT min(position) AS position FROM projection_checkpoints');
      const now = performance.now();
      const covered = rows[0]?.position ?? '';
      while (pending.length && pending[0].position <= covered) lags.push(now - (pending.shift() as { appended: number }).appended);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const interval = 1_000 / COMMANDS_PER_SECOND;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; performance.now() - started < LAG_SECONDS * 1_000; i++) {
    const due = started + i * interval;
    if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    const account = accounts[i % accounts.length];
    const events: BillingEvent[] = [];
    run(account, nextCommand(account), events);
    // One append at a time per account (its expected revision), as the service's per-account queue does.
    const appended = (account.chain ?? Promise.resolve()).then(() => append(store, account, events));
    account.chain = appended.catch(() => undefined);
    inFlight.push(appended.then((positions) => {
      // Positions of later commands may be smaller (commit order): keep the list sorted.
      const entry = { position: positions[positions.length - 1], appended: performance.now() };
      const at = pending.findIndex((p) => p.position > entry.position);
      pending.splice(at < 0 ? pending.length : at, 0, entry);
    }));
  }
  await Promise.all(inFlight);
  stop = true;
  await watcher;
  await runner.stop();
  return lags.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_projections');
  const store = await PostgresEventStore.open({ connectionString: db.url, max: 16 });
  console.log(`projections benchmark on ${db.describe}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${EVENTS.toLocaleString('en-US')} events\n`);
  const accounts = await fill(store);
  const read = await readAllRate(store);

  let lastLine = 0;
  const rebuild = await rebuildProjections({
    pool: store.pool, store, countEvents: async () => read.events,
    onProgress: (p) => {
      if (performance.now() - lastLine < 5_000 && p.phase !== 'done') return;
      lastLine = performance.now();
      process.stderr.write(`rebuild ${p.phase}: ${p.done.toLocaleString('en-US')} of ${p.total?.toLocaleString('en-US')} events, ${Math.round(p.rate).toLocaleString('en-US')}/s\n`);
    },
  });
  const rebuildRate = rebuild.events / (rebuild.durationMs / 1000);
  console.log(table([
    ['over the same events', 'events', 'events/s', 'vs readAll', 'target'],
    ['readAll (batches of 5,000)', read.events, read.rate, '1.00', ''],
    ['rebuild, all 6 read models (incl. swap)', rebuild.events, rebuildRate, (rebuildRate / read.rate).toFixed(2), '>= 50,000'],
  ]));

  const lags = await measureLag(store, accounts);
  const fmt = (ms: number) => ms.toFixed(1);
  console.log(`\n${table([
    ['live lag at a steady rate', 'commands', 'p50 ms', 'p99 ms', 'max ms', 'target'],
    [`${COMMANDS_PER_SECOND} call ends/s for ${LAG_SECONDS} s`, lags.length, fmt(percentile(lags, 50)), fmt(percentile(lags, 99)), fmt(lags.at(-1) ?? NaN), 'p99 < 100'],
  ])}`);
  await store.close();
  await db.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
