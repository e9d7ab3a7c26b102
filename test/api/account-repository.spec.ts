import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import {
  accountStreamName, type BillingCommand, currentSchemaVersion, decide, DEFAULT_PLANS, evolveAll, idempotencyKeyOf, initialState, upcast,
} from '@billing/domain';
import { type EventStore, PostgresEventStore } from '@billing/event-store';
import { AccountRepository, SNAPSHOT_AFTER_EVENTS } from '@billing/api/accounts/account-repository';
import { AccountSnapshots } from '@billing/api/accounts/account-snapshots';
import type { Runtime } from '@billing/api/infrastructure/runtime';
import { Metrics } from '@billing/api/observability/metrics';
import { createTestDatabase, type TestDatabase } from '../support/database';

// Two repositories on one store are two API processes, each with its own cached states. A command
// is first decided on the cached state and appended at its revision (one round trip); these tests
// show that a cache behind the stream never costs a call, counts one twice, or answers a stale "no".
let db: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;
let snapshots: AccountSnapshots;

beforeAll(async () => {
  db = await createTestDatabase();
  store = await PostgresEventStore.open({ connectionString: db.url });
  pool = new Pool({ connectionString: db.url, max: 4 });
  snapshots = new AccountSnapshots(pool);
  await snapshots.onModuleInit();
});
afterAll(async () => {
  await pool?.end();
  await store?.close();
  await db?.drop();
});

/** The real store, counting stream reads (how a command found its state). */
function counted(target: EventStore): { store: EventStore; reads: () => number; from: () => (number | undefined)[] } {
  const from: (number | undefined)[] = [];
  const proxy = new Proxy(target, {
    get(object, property, receiver) {
      if (property === 'readStream') return (...args: Parameters<EventStore['readStream']>) => (from.push(args[1]?.fromRevision), object.readStream(...args));
      const value = Reflect.get(object, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
  return { store: proxy, reads: () => from.length, from: () => [...from] };
}

function process(withSnapshots?: AccountSnapshots): { repository: AccountRepository; reads: () => number; from: () => (number | undefined)[] } {
  const { store: view, reads, from } = counted(store);
  return { repository: new AccountRepository(view, DEFAULT_PLANS, { config: { stateCacheSize: 100 } } as Runtime, new Metrics(), withSnapshots), reads, from };
}

const at = '2026-11-02T10:00:00.000Z';
const service = { id: 'svc', role: 'service' as const };
const admin = { id: 'owner', role: 'admin' as const };
const open = (accountId: string): BillingCommand => ({ type: 'OpenAccount', accountId, planId: 'starter', at, actor: service });
const call = (accountId: string, callId: string): BillingCommand => ({ type: 'RecordCallEnded', accountId, callId, durationSeconds: 60, endedAt: at, at, actor: service });
const card = (accountId: string): BillingCommand => ({ type: 'SetPaymentMethodOnFile', accountId, paymentMethodId: 'pm_1', at, actor: service });
const autoReload = (accountId: string, enabled: boolean): BillingCommand => ({ type: 'ConfigureAutoReload', accountId, enabled, at, actor: admin });
const run = (repository: AccountRepository, command: BillingCommand) => repository.execute(command, { commandKey: `${command.type}:${JSON.stringify(command)}` });
const types = async (accountId: string) => (await store.readStream(accountStreamName(accountId))).map((e) => e.type);

it('a short stream not in memory is read in one go, without looking for a snapshot', async () => {
  const a = process(snapshots);
  await run(a.repository, open('acc_short'));
  await run(a.repository, call('acc_short', 'c1'));
  let lookups = 0;
  const counting = Object.assign(Object.create(snapshots) as AccountSnapshots, {
    load: (accountId: string) => (lookups++, snapshots.load(accountId)),
  });
  const fresh = process(counting);
  const loaded = await fresh.repository.load('acc_short');
  expect(fresh.from()).toEqual([undefined]);
  expect(lookups).toBe(0);
  expect(loaded.revision).toBe(1);
});

it('the only writer of an account appends on its cached state without reading the stream', async () => {
  const a = process();
  await run(a.repository, open('acc_alone'));
  const before = a.reads();
  for (const id of ['c1', 'c2', 'c3']) await run(a.repository, call('acc_alone', id));
  expect(a.reads() - before).toBe(0);
  expect(await types('acc_alone')).toEqual(['AccountOpened', 'CallMinutesConsumed', 'CallMinutesConsumed', 'CallMinutesConsumed']);
});

it('a process whose cache is behind reads what the other appended and loses no call', async () => {
  const a = process();
  const b = process();
  await run(a.repository, open('acc_two'));
  await run(a.repository, call('acc_two', 'c1'));
  await run(b.repository, call('acc_two', 'c2'));
  const result = await run(a.repository, call('acc_two', 'c3'));
  expect(await types('acc_two')).toEqual(['AccountOpened', 'CallMinutesConsumed', 'CallMinutesConsumed', 'CallMinutesConsumed']);
  // The state no longer lists call ids (the store keeps them): every call is in the stream and in the balance.
  const consumed = (await store.readStream(accountStreamName('acc_two'))).filter((e) => e.type === 'CallMinutesConsumed');
  expect(consumed.map((e) => e.data.callId).sort()).toEqual(['c1', 'c2', 'c3']);
  expect(result.state.subscriptionSecondsUsedByMonth['2026-11']).toBe(180);
});

it('a call end another process recorded is not counted again by a process with a stale cache', async () => {
  const a = process();
  const b = process();
  await run(a.repository, open('acc_dup'));
  await run(b.repository, call('acc_dup', 'c1'));
  const again = await run(a.repository, call('acc_dup', 'c1'));
  expect(again.events).toEqual([]);
  expect(await types('acc_dup')).toEqual(['AccountOpened', 'CallMinutesConsumed']);
});

it('a refusal decided on a stale cache is checked against the stream: a card set elsewhere lets auto-reload on', async () => {
  const a = process();
  const b = process();
  await run(a.repository, open('acc_card'));
  await run(b.repository, card('acc_card'));
  const enabled = await run(a.repository, autoReload('acc_card', true));
  expect(enabled.events.map((e) => e.type)).toEqual(['AutoReloadConfigured']);
  expect(enabled.state.autoReload.enabled).toBe(true);
});

it('a no-op decided on a stale cache is checked against the stream: settings another process changed are set again', async () => {
  const a = process();
  const b = process();
  await run(a.repository, open('acc_same'));
  await run(a.repository, card('acc_same'));
  await run(a.repository, autoReload('acc_same', true)); // a's cache: on, with the defaults
  await run(b.repository, { ...autoReload('acc_same', true), thresholdMinutes: 50 } as BillingCommand);
  // On a's cached state, "on with 10 minutes" changes nothing; on the stream's, it sets 10 again.
  const again = await run(a.repository, { ...autoReload('acc_same', true), thresholdMinutes: 10 } as BillingCommand);
  expect(again.events.map((e) => e.type)).toEqual(['AutoReloadConfigured']);
  expect(again.state.autoReload.thresholdMinutes).toBe(10);
});

describe('snapshots', () => {
  const fullFold = async (accountId: string) =>
    evolveAll((await store.readStream(accountStreamName(accountId))).map((e) => upcast({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })), initialState());

  /** An account with more history than a load may fold without saving a snapshot. */
  async function longAccount(accountId: string): Promise<AccountRepository> {
    const { repository } = process();
    await run(repository, open(accountId));
    for (let i = 0; i < SNAPSHOT_AFTER_EVENTS + 5; i++) await run(repository, call(accountId, `c${i}`));
    return repository;
  }

  it('a new process reads the snapshot and only the events after it, and gets the state a full fold gives', async () => {
    const writer = await longAccount('acc_snap');
    const first = process(snapshots);
    await first.repository.load('acc_snap'); // folds the whole stream, then saves a snapshot
    await first.repository.snapshotsSaved();
    const saved = await snapshots.load('acc_snap');
    expect(saved?.revision).toBe(SNAPSHOT_AFTER_EVENTS + 5);

    for (const id of ['late1', 'late2', 'late3']) await run(writer, call('acc_snap', id));
    const next = process(snapshots);
    const loaded = await next.repository.load('acc_snap');
    // The first page tells a long stream from a short one; then the tail after the snapshot, nothing between.
    expect(next.from()).toEqual([undefined, SNAPSHOT_AFTER_EVENTS + 6]);
    expect(loaded.revision).toBe(SNAPSHOT_AFTER_EVENTS + 8);
    expect(loaded.state).toEqual(await fullFold('acc_snap'));
  });

  it('a long stream without a snapshot is folded a page at a time and gives the full fold', async () => {
    const writer = process().repository;
    await run(writer, open('acc_paged'));
    let state = (await writer.load('acc_paged')).state;
    const batch = Array.from({ length: 12_345 }, (_, i) => {
      const [event] = decide(call('acc_paged', `p${i}`), state, { plans: DEFAULT_PLANS });
      state = evolveAll([event], state);
      return { id: randomUUID(), type: event.type, schemaVersion: currentSchemaVersion(event.type), data: event.data as never, idempotencyKey: idempotencyKeyOf(event) };
    });
    await store.appendToStream(accountStreamName('acc_paged'), batch, { expectedRevision: 0 });
    const reader = process();
    const loaded = await reader.repository.load('acc_paged');
    expect(reader.from()).toEqual([undefined, SNAPSHOT_AFTER_EVENTS, SNAPSHOT_AFTER_EVENTS + 10_000]);
    expect(loaded).toEqual({ state: await fullFold('acc_paged'), revision: 12_345 });
  });

  it('a snapshot of another state version is ignored, and a snapshot never moves back', async () => {
    await longAccount('acc_old');
    const taker = process(snapshots);
    await taker.repository.load('acc_old');
    await taker.repository.snapshotsSaved();
    // Written by code whose state meant something else: must not be used.
    await pool.query(`UPDATE account_snapshots SET state_version = state_version + 1, state = '{"status":"unopened"}' WHERE account_id = 'acc_old'`);
    const next = process(snapshots);
    expect((await next.repository.load('acc_old')).state).toEqual(await fullFold('acc_old'));
    expect(next.from()).toEqual([undefined, SNAPSHOT_AFTER_EVENTS]); // the first page, then the rest: a full fold
    await next.repository.snapshotsSaved(); // replaced with one of this version

    const current = await snapshots.load('acc_old');
    await snapshots.save('acc_old', { state: initialState(), revision: 3 });
    expect(await snapshots.load('acc_old')).toEqual(current);
  });
});
