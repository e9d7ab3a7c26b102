import { randomUUID } from 'node:crypto';
import {
  accountStreamName, type AccountState, type BillingCommand, type BillingEvent, decide, DEFAULT_PLANS, EVENT_SCHEMA_VERSIONS,
  evolve, initialState, usd,
} from '@billing/domain';
import type { EventStore, RecordedEvent } from '@billing/event-store';

const service = { id: 'svc-billing', role: 'service' as const };
const admin = { id: 'user-admin', role: 'admin' as const };

/**
 * A small history whose numbers are easy to check by hand (Starter: 500 included minutes, $0.22/min):
 * buy 1 block (+6,000 s), a 35,500 s call takes 30,000 s from the subscription and 5,500 s from credits
 * (balance 500 s, below the 10-minute threshold: a reload fires), the reload is paid (+6,000 s → 6,500 s),
 * then a purchase whose id needs CSV quoting.
 */
export function knownCommands(accountId: string): BillingCommand[] {
  const base = { accountId };
  return [
    { ...base, type: 'OpenAccount', at: '2024-03-01T09:00:00Z', actor: service, planId: 'starter', timeZone: 'UTC', stripeCustomerId: 'cus_1' },
    { ...base, type: 'SetPaymentMethodOnFile', at: '2024-03-01T09:01:00Z', actor: service, paymentMethodId: 'pm_1' },
    { ...base, type: 'ConfigureAutoReload', at: '2024-03-01T09:02:00Z', actor: admin, enabled: true, thresholdMinutes: 10, monthlyMaximum: 2 },
    { ...base, type: 'StartCreditPurchase', at: '2024-03-02T10:00:00Z', actor: admin, purchaseId: 'p1', blocks: 1 },
    { ...base, type: 'CompleteCreditPurchase', at: '2024-03-02T10:05:00Z', actor: service, purchaseId: 'p1', paymentReference: 'pi_p1', amountPaid: usd(2_200) },
    { ...base, type: 'RecordCallEnded', at: '2024-03-10T12:00:00Z', actor: service, callId: 'c1', durationSeconds: 35_500, endedAt: '2024-03-10T12:00:00Z' },
    { ...base, type: 'CompleteAutoReload', at: '2024-03-10T12:01:00Z', actor: service, reloadId: 'reload-c1', paymentReference: 'pi_r1' },
    { ...base, type: 'StartCreditPurchase', at: '2024-04-05T08:00:00Z', actor: admin, purchaseId: 'p2,"big"', blocks: 2 },
    { ...base, type: 'CompleteCreditPurchase', at: '2024-04-05T08:01:00Z', actor: service, purchaseId: 'p2,"big"', paymentReference: 'pi_p2', amountPaid: usd(4_400) },
  ] as BillingCommand[];
}

/** The events the decider makes of the commands, one command after the other. */
export function knownEvents(accountId: string): BillingEvent[][] {
  let state: AccountState = initialState();
  return knownCommands(accountId).map((command) => {
    const events = decide(command, state, { plans: DEFAULT_PLANS });
    for (const event of events) state = evolve(state, event);
    return events;
  });
}

/** As the store would record them (positions and times made up, in order). */
export function knownRecorded(accountId: string): RecordedEvent[] {
  return knownEvents(accountId).flat().map((event, i) => ({
    id: randomUUID(), type: event.type, schemaVersion: EVENT_SCHEMA_VERSIONS[event.type], data: event.data as never, metadata: {},
    streamId: accountStreamName(accountId), streamRevision: i, position: `00000000000000000001-${String(i + 1).padStart(20, '0')}` as never,
    recordedAt: new Date(Date.parse(event.data.at) + 1_000),
  }));
}

export async function appendKnownHistory(store: EventStore, accountId: string): Promise<void> {
  let revision = -1;
  for (const events of knownEvents(accountId)) {
    if (events.length === 0) continue;
    await store.appendToStream(
      accountStreamName(accountId),
      events.map((e) => ({ id: randomUUID(), type: e.type, schemaVersion: EVENT_SCHEMA_VERSIONS[e.type], data: e.data as never })),
      { expectedRevision: revision < 0 ? 'no_stream' : revision },
    );
    revision += events.length;
  }
}
