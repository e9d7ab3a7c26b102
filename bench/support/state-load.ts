import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { accountStreamName, currentSchemaVersion, decide, DEFAULT_PLANS, evolveAll, idempotencyKeyOf, initialState, type AccountState, type BillingEvent } from '@billing/domain';
import { type EventToAppend, PostgresEventStore } from '@billing/event-store';
import { AccountRepository } from '@billing/api/accounts/account-repository';
import { AccountSnapshots } from '@billing/api/accounts/account-snapshots';
import type { Runtime } from '@billing/api/infrastructure/runtime';
import { Metrics } from '@billing/api/observability/metrics';
import { table } from './database';

export const STATE_SIZES = (process.env.BENCH_HISTORY ?? '10,10000,100000,1000000').split(',').map(Number);
const ACTOR = { id: 'bench', role: 'service' as const };
const AT = '2026-11-01T00:00:00.000Z';
/** Loads timed per figure (the median is printed: single loads of a few ms are noisy on a shared machine). */
const RUNS = 7;
const CALL_ENDS = Number(process.env.BENCH_CALL_ENDS ?? 1_000);

/**
 * Loading an account as its history grows, at each size: the first load ever (no snapshot yet: the whole
 * stream is folded, a page at a time, and a snapshot saved), cold in a new process (the snapshot and the
 * events after it), cached, cached plus one new event; each snapshot's size; then the CPU of a call end
 * on the largest account next to one on a new account. Targets (printed, never asserted): cold <= 10 ms
 * at every size and cold(largest) <= 2 x cold(smallest); snapshot <= 4 KB; call end within 20 %.
 */
export async function stateLoad(url: string): Promise<string> {
  const store = await PostgresEventStore.open({ connectionString: url });
  const pool = new Pool({ connectionString: url, max: 4 });
  const snapshots = new AccountSnapshots(pool);
  await snapshots.onModuleInit();
  const repository = () => new AccountRepository(store, DEFAULT_PLANS, { config: { stateCacheSize: 10 } } as Runtime, new Metrics(), snapshots);
  const rows: (string | number)[][] = [['events in stream', 'written in s', 'first load (no snapshot) ms', 'cold ms (median)', 'cached ms', 'cached + 1 new event ms', 'snapshot bytes']];
  const cold: number[] = [];
  try {
    for (const size of STATE_SIZES) {
      const accountId = `acc_state_${size}`;
      const written = await timed(() => writeHistory(store, accountId, size));
      const first = repository();
      const firstLoad = await timed(() => first.load(accountId));
      await first.snapshotsSaved();
      const coldMs = median(await repeat(() => timed(() => repository().load(accountId))));
      cold.push(coldMs);
      const cached = median(await repeat(() => timed(() => first.load(accountId))));
      const plusOne = median(await repeat(async () => {
        await writeHistory(store, accountId, 1, `t${randomUUID().slice(0, 8)}`);
        return timed(() => first.load(accountId));
      }));
      const snapshot = await pool.query<{ bytes: number }>('SELECT octet_length(state::text) AS bytes FROM account_snapshots WHERE account_id = $1', [accountId]);
      rows.push([size.toLocaleString('en-US'), (written / 1000).toFixed(1), firstLoad.toFixed(1), coldMs.toFixed(2), cached.toFixed(2), plusOne.toFixed(2),
        snapshot.rows[0] ? String(snapshot.rows[0].bytes) : '(none: under 100 events)']);
    }
    const largest = STATE_SIZES[STATE_SIZES.length - 1];
    await writeHistory(store, 'acc_state_new', 1);
    const { old, young } = await callEndCpu(repository(), `acc_state_${largest}`, 'acc_state_new');
    const snapshotBytes = rows.slice(1).map((r) => Number(r[6])).filter(Number.isFinite);
    return [
      `account state loads (each a new repository = a new process; ${RUNS} runs per figure, median):`,
      table(rows),
      `targets: cold <= 10 ms at every size: ${cold.every((ms) => ms <= 10) ? 'met' : 'NOT met'} (max ${Math.max(...cold).toFixed(2)} ms); `
        + `cold(${largest.toLocaleString('en-US')}) / cold(${STATE_SIZES[0]}) = ${(cold[cold.length - 1] / cold[0]).toFixed(2)} (target <= 2); `
        + `snapshot <= 4,096 bytes: ${snapshotBytes.every((b) => b <= 4_096) ? 'met' : 'NOT met'} (max ${Math.max(0, ...snapshotBytes)})`,
      `a call end (decide + keyed append + fold, this process's CPU, ${CALL_ENDS} on each account in alternating blocks of 50, cached state): `
        + `${old.cpuMs.toFixed(3)} ms CPU, ${old.wallMs.toFixed(2)} ms wall on the ${largest.toLocaleString('en-US')}-event account; `
        + `${young.cpuMs.toFixed(3)} ms CPU, ${young.wallMs.toFixed(2)} ms wall on a new account: ratio ${(old.cpuMs / young.cpuMs).toFixed(2)} (target <= 1.20)`,
    ].join('\n');
  } finally {
    await pool.end();
    await store.close();
  }
}

/**
 * Call ends on the old account and on the new one, in alternating blocks of 50 (so that JIT warm-up and
 * the garbage the long loads above left behind fall on both alike), each block's CPU counted to its account.
 */
async function callEndCpu(repository: AccountRepository, oldAccount: string, newAccount: string): Promise<{ old: CallCost; young: CallCost }> {
  const call = (accountId: string, id: string) => repository.execute(
    { type: 'RecordCallEnded', accountId, callId: id, durationSeconds: 1, endedAt: AT, at: AT, actor: ACTOR },
    { commandKey: `call:${accountId}:${id}` },
  );
  for (let i = 0; i < 100; i++) {
    await call(oldAccount, `warm_${i}`); // the states cached, the statements prepared
    await call(newAccount, `warm_${i}`);
  }
  const totals = new Map<string, { cpu: number; wall: number }>([[oldAccount, { cpu: 0, wall: 0 }], [newAccount, { cpu: 0, wall: 0 }]]);
  for (let block = 0; block < CALL_ENDS / 50; block++) {
    for (const accountId of block % 2 ? [newAccount, oldAccount] : [oldAccount, newAccount]) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < 50; i++) await call(accountId, `timed_${block}_${i}`);
      const used = process.cpuUsage(cpu);
      const total = totals.get(accountId) as { cpu: number; wall: number };
      total.cpu += (used.user + used.system) / 1000;
      total.wall += performance.now() - started;
    }
  }
  const cost = (accountId: string): CallCost => {
    const total = totals.get(accountId) as { cpu: number; wall: number };
    return { cpuMs: total.cpu / CALL_ENDS, wallMs: total.wall / CALL_ENDS };
  };
  return { old: cost(oldAccount), young: cost(newAccount) };
}

interface CallCost {
  cpuMs: number;
  wallMs: number;
}

async function repeat(run: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await run());
  return out;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Real history, quickly: the domain decides each call end (Business: its included minutes last) and
 * the events go in batch appends with the keys the service gives them.
 */
async function writeHistory(store: PostgresEventStore, accountId: string, calls: number, tag = 'h'): Promise<void> {
  const stream = accountStreamName(accountId);
  const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  let revision = last ? last.streamRevision : -1;
  let state: AccountState = initialState();
  if (last) state = (await new AccountRepository(store, DEFAULT_PLANS, { config: { stateCacheSize: 1 } } as Runtime, new Metrics()).load(accountId)).state;
  let batch: BillingEvent[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const events: EventToAppend[] = batch.map((event) => ({
      id: randomUUID(), type: event.type, schemaVersion: currentSchemaVersion(event.type), data: event.data as unknown as Record<string, unknown>,
      idempotencyKey: idempotencyKeyOf(event),
    }));
    revision = (await store.appendToStream(stream, events, { expectedRevision: revision < 0 ? 'no_stream' : revision })).nextRevision;
    batch = [];
  };
  let remaining = calls;
  if (!last) {
    const opened = decide({ type: 'OpenAccount', accountId, planId: 'business', at: AT, actor: ACTOR }, state, { plans: DEFAULT_PLANS });
    state = evolveAll(opened, state);
    batch.push(...opened);
    remaining -= 1;
  }
  for (let i = 0; i < remaining; i++) {
    const events = decide({ type: 'RecordCallEnded', accountId, callId: `${tag}_${i}`, durationSeconds: 1, endedAt: AT, at: AT, actor: ACTOR }, state, { plans: DEFAULT_PLANS });
    state = evolveAll(events, state);
    batch.push(...events);
    if (batch.length >= 2_000) await flush();
  }
  await flush();
}


