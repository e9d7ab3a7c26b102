import { type PostgresEventStore, START } from '@billing/event-store';
import {
  type AccountState, type BillingEvent, evolve, idempotencyKeyOf, initialState, purchaseFrom, type PurchaseRecord, purchaseSettledKey,
  reloadFailedKey, reloadFrom, type ReloadRecord, reloadPaidKey, upcast,
} from '@billing/domain';
import { type LedgerEntry, ProjectionRunner, silentLogger } from '@billing/projections';
import type { Pool } from 'pg';
import type { History } from './support/history';
import { type HistoryDatabase, openHistoryDatabase } from './support/history-database';
import { allEvents, convergedReadModels, replayedReadModels, storedReadModels, waitForCheckpoints } from './support/read-models';

jest.setTimeout(90_000);

let fixture: HistoryDatabase;
let pool: Pool;
let store: PostgresEventStore;
let history: History;

beforeAll(async () => {
  fixture = await openHistoryDatabase({ seed: 42, accounts: 6, commands: 600, poolMax: 8 });
  ({ pool, store, history } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

function runner(extra: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {}): ProjectionRunner {
  return new ProjectionRunner({ store, pool, logger: silentLogger, acquireIntervalMs: 50, batchSize: 100, ...extra });
}

async function caughtUp(schema = 'public'): Promise<void> {
  await waitForCheckpoints(pool, () => store.headPosition(), { schema });
}

describe('read models over a generated history', () => {
  let first: ProjectionRunner;

  beforeAll(async () => {
    first = runner();
    await first.start();
    await caughtUp();
  });

  afterAll(() => first?.stop());

  it('the history exercises every kind of movement and outcome', async () => {
    const types = new Set(history.accounts.flatMap((a) => a.events.map((e) => e.type)));
    for (const type of ['CreditsPurchased', 'CreditPurchaseFailed', 'CallMinutesConsumed', 'AutoReloadTriggered', 'AutoReloadFailed', 'PlanChanged', 'MonthlyCapReached']) {
      expect([type, types.has(type as never)]).toEqual([type, true]);
    }
  });

  it("the ledger's running balance equals the account's balance (domain evolve) after every event", async () => {
    const ledger = (await storedReadModels(pool)).credit_ledger as LedgerEntry[];
    let checked = 0;
    for (const account of history.accounts) {
      const entries = ledger.filter((e) => e.accountId === account.id).sort((a, b) => (a.position < b.position ? -1 : 1));
      const recorded = await store.readStream(`billing-account-${account.id}`);
      let state: AccountState = initialState();
      let cursor = -1;
      let sum = 0;
      for (const event of recorded) {
        state = evolve(state, upcast(event));
        while (cursor + 1 < entries.length && entries[cursor + 1].position <= event.position) {
          cursor += 1;
          sum += entries[cursor].seconds;
          // The signed movements add up to the recorded balance after each one.
          expect(entries[cursor].balanceAfterSeconds).toBe(sum);
        }
        const ledgerBalance = cursor < 0 ? 0 : entries[cursor].balanceAfterSeconds;
        expect({ event: event.id, balance: ledgerBalance }).toEqual({ event: event.id, balance: state.credits.balanceSeconds });
        checked += 1;
      }
      expect(cursor).toBe(entries.length - 1);
    }
    expect(checked).toBe(history.accounts.reduce((n, a) => n + a.events.length, 0));
  });

  it('the accounts, purchases, reloads and monthly usage agree with the domain state of each account', async () => {
    const stored = await storedReadModels(pool);
    for (const { id, state, events } of history.accounts) {
      const row = stored.accounts.find((r) => (r as { accountId: string }).accountId === id);
      expect(row).toMatchObject({
        planId: state.planId, timeZone: state.timeZone, paymentMethodId: state.paymentMethodId,
        balanceSeconds: state.credits.balanceSeconds, autoReloadEnabled: state.autoReload.enabled,
        thresholdMinutes: state.autoReload.thresholdMinutes, monthlyMaximum: state.autoReload.monthlyMaximum,
        disabledReason: state.autoReload.disabledReason, consecutiveFailures: state.autoReload.consecutiveFailures,
        reloadInFlight: state.autoReload.reloadInFlight,
      });
      const months = (stored.monthly_usage as { accountId: string; month: string; reloadsCompleted: number; subscriptionSeconds: number }[])
        .filter((r) => r.accountId === id);
      // The state counts only the latest months (MONTHS_KEPT): the read model has those, with the same values.
      const used = Object.fromEntries(months.map((m) => [m.month, m.subscriptionSeconds]));
      const reloaded = Object.fromEntries(months.filter((m) => m.reloadsCompleted > 0).map((m) => [m.month, m.reloadsCompleted]));
      for (const [month, seconds] of Object.entries(state.subscriptionSecondsUsedByMonth)) expect([month, used[month]]).toEqual([month, seconds]);
      for (const [month, count] of Object.entries(state.reloadsCompletedByMonth)) expect([month, reloaded[month]]).toEqual([month, count]);
      // Every purchase and reload as the domain records it from the events (the state keeps only the latest).
      const recorded = recordedOf(events);
      const purchases = (stored.purchases as { accountId: string; purchaseId: string; status: string; paymentReference: string | null }[]).filter((p) => p.accountId === id);
      expect(Object.fromEntries(purchases.map((p) => [p.purchaseId, [p.status, p.paymentReference]])))
        .toEqual(Object.fromEntries([...recorded.purchases].map(([pid, p]) => [pid, [p.status, p.paymentReference]])));
      for (const [pid, p] of Object.entries(state.purchases)) expect(recorded.purchases.get(pid)).toEqual(p);
      const reloads = (stored.reloads as { accountId: string; reloadId: string; status: string; declineCode: string | null }[]).filter((r) => r.accountId === id);
      expect(Object.fromEntries(reloads.map((r) => [r.reloadId, [r.status, r.declineCode]])))
        .toEqual(Object.fromEntries([...recorded.reloads].map(([rid, r]) => [rid, [r.status, r.reasonCode]])));
      for (const [rid, r] of Object.entries(state.reloads)) expect(recorded.reloads.get(rid)).toEqual(r);
    }
  });

  it('every table equals a fresh in-memory replay, and a second runner in another schema builds the same rows', async () => {
    const events = await allEvents(store);
    const stored = await storedReadModels(pool);
    expect(stored).toEqual(replayedReadModels(events));
    const fresh = runner({ schema: 'fresh_replay', batchSize: 37 });
    await fresh.start();
    try {
      await caughtUp('fresh_replay');
      expect(await storedReadModels(pool, 'fresh_replay')).toEqual(stored);
    } finally {
      await fresh.stop();
    }
  });

  it('events applied twice change nothing: the checkpoint moved back to the start replays every event as a no-op', async () => {
    const before = await storedReadModels(pool);
    await first.stop();
    await pool.query('UPDATE projection_checkpoints SET position = $1', [START]);
    first = runner({ batchSize: 64 });
    await first.start();
    await caughtUp();
    expect(await storedReadModels(pool)).toEqual(before);
    expect(first.status().map((s) => [s.projection, s.state])).toEqual(first.status().map((s) => [s.projection, 'running']));
  });

  it('a restart while commands keep arriving ends equal to a fresh replay', async () => {
    const writing = history.generate(0, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    first = runner({ batchSize: 16 });
    await first.start();
    await writing;
    await caughtUp();
    expect(await convergedReadModels(pool, store)).toEqual(replayedReadModels(await allEvents(store)));
  });
});

/** Each purchase and reload of one account's events, as the domain records it (recorded.ts). */
function recordedOf(events: readonly BillingEvent[]) {
  const byKey = new Map<string, BillingEvent>();
  for (const e of events) {
    const key = idempotencyKeyOf(e);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, e);
  }
  const purchases = new Map<string, PurchaseRecord>();
  const reloads = new Map<string, ReloadRecord>();
  for (const e of events) {
    if (e.type === 'CreditPurchaseStarted') purchases.set(e.data.purchaseId, purchaseFrom(e, byKey.get(purchaseSettledKey(e.data.accountId, e.data.purchaseId))));
    if (e.type === 'AutoReloadTriggered') {
      const paid = byKey.get(reloadPaidKey(e.data.accountId, e.data.reloadId));
      const failed = byKey.get(reloadFailedKey(e.data.accountId, e.data.reloadId));
      reloads.set(e.data.reloadId, reloadFrom(e, paid?.type === 'CreditsPurchased' ? paid : undefined, failed?.type === 'AutoReloadFailed' ? failed : undefined));
    }
  }
  return { purchases, reloads };
}
