import { randomUUID } from 'node:crypto';
import { accountStreamName, type BillingCommand, type BillingEvent, currentSchemaVersion, decide, DEFAULT_PLANS, evolveAll, initialState } from '@billing/domain';
import type { PostgresEventStore } from '@billing/event-store';
import { AccountRepository } from '@billing/api/accounts/account-repository';
import { backfillAccountKeys } from '@billing/api/accounts/key-backfill';
import type { Runtime } from '@billing/api/infrastructure/runtime';
import { Metrics } from '@billing/api/observability/metrics';
import { useTestEventStore } from '../support/database';

// Streams written before idempotency keys (state version 1 remembered call ids in the folded state)
// keep every guarantee once the start-up backfill has given their events the keys new appends carry.
const opened = useTestEventStore();
let store: PostgresEventStore;
beforeAll(() => {
  store = opened.current();
});

const at = '2026-11-02T10:00:00.000Z';
const service = { id: 'svc', role: 'service' as const };
const admin = { id: 'owner', role: 'admin' as const };
const A = 'acc_before_keys';

/** Decided by the domain and appended as the old code did: no keys. The call is stored as schema v1. */
async function writeOldStream(): Promise<void> {
  const commands: BillingCommand[] = [
    { type: 'OpenAccount', accountId: A, planId: 'starter', at, actor: service },
    { type: 'RecordCallEnded', accountId: A, callId: 'old-call', durationSeconds: 600, endedAt: at, at, actor: service },
    { type: 'StartCreditPurchase', accountId: A, purchaseId: 'old-purchase', blocks: 2, at, actor: admin },
    { type: 'CompleteCreditPurchase', accountId: A, purchaseId: 'old-purchase', paymentReference: 'pi_old', amountPaid: { amount: 4_400, currency: 'usd' }, at, actor: service },
  ];
  let state = initialState();
  const events: BillingEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state, { plans: DEFAULT_PLANS });
    state = evolveAll(decided, state);
    events.push(...decided);
  }
  const stored = events.map((e) => {
    if (e.type !== 'CallMinutesConsumed') return { id: randomUUID(), type: e.type, schemaVersion: currentSchemaVersion(e.type), data: e.data as never };
    const { autoReload, ...rest } = e.data; // CallMinutesConsumed v1: only the reload id
    return { id: randomUUID(), type: e.type, schemaVersion: 1, data: { ...rest, reloadId: autoReload.reloadId } as never };
  });
  // The same call twice (never written by the old code, but a backfill must not fail on it): the first keeps the key.
  stored.push({ ...stored[1], id: randomUUID() });
  await store.appendToStream(accountStreamName(A), stored, { expectedRevision: 'no_stream' });
}

it('gives old events their keys once (recorded, skipped the second time, harmless a third), and old facts stay recorded', async () => {
  await writeOldStream();
  expect(await store.readByIdempotencyKey(`call:${A}:old-call`)).toBeUndefined();

  expect(await backfillAccountKeys(store)).toEqual({ keyed: 3, skipped: 1, alreadyDone: false });
  expect(await backfillAccountKeys(store)).toEqual({ keyed: 0, skipped: 0, alreadyDone: true });
  // Run again by hand after its record was removed: nothing left to do, nothing broken.
  await store.pool.query('DELETE FROM es_backfills');
  expect(await backfillAccountKeys(store)).toEqual({ keyed: 0, skipped: 1, alreadyDone: false });

  const [, call, started, paid, duplicate] = await store.readStream(accountStreamName(A));
  expect((await store.readByIdempotencyKey(`call:${A}:old-call`))?.id).toBe(call.id);
  expect((await store.readByIdempotencyKey(`purchase:${A}:old-purchase`))?.id).toBe(started.id);
  expect((await store.readByIdempotencyKey(`purchase-settled:${A}:old-purchase`))?.id).toBe(paid.id);
  expect(duplicate.data.callId).toBe('old-call');

  // A new process (nothing cached) is told by the store that the old call and the old payment are recorded.
  const repository = new AccountRepository(store, DEFAULT_PLANS, { config: { stateCacheSize: 10 } } as Runtime, new Metrics());
  const before = (await store.readStream(accountStreamName(A))).length;
  const again = await repository.execute({ type: 'RecordCallEnded', accountId: A, callId: 'old-call', durationSeconds: 600, endedAt: at, at, actor: service }, { commandKey: 'retry' });
  expect(again.events).toEqual([]);
  expect(again.duplicateOf).toMatchObject({ type: 'CallMinutesConsumed', data: { callId: 'old-call', creditSeconds: 0, autoReload: { decision: 'not_recorded' } } });
  const repaid = await repository.execute(
    { type: 'CompleteCreditPurchase', accountId: A, purchaseId: 'old-purchase', paymentReference: 'pi_old', amountPaid: { amount: 4_400, currency: 'usd' }, at, actor: service },
    { commandKey: 'repaid' },
  );
  expect(repaid.events).toEqual([]);
  expect(await store.readStream(accountStreamName(A))).toHaveLength(before);
});
