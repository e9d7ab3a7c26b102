import { type AccountState, type BillingCommand, type BillingEvent, callKey, decide, evolveAll, isDomainError, type PlanCatalogue } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import type { ExecuteOptions, ExecuteResult } from './account-repository';
import { readByKey, withRecordedFacts } from './recorded-facts';

export type CallEnd = Extract<BillingCommand, { type: 'RecordCallEnded' }>;

export interface CallEndItem {
  command: CallEnd;
  options: ExecuteOptions;
}

/** One item's outcome: what the repository's execute would have returned, or what it would have thrown. */
export type CallEndOutcome = { result: ExecuteResult } | { error: unknown };

/** One command's events in an append (which may carry several commands'). */
export interface AppendPart {
  command: BillingCommand;
  options: ExecuteOptions;
  events: BillingEvent[];
}

export interface DecidedInOrder {
  outcomes: CallEndOutcome[];
  parts: AppendPart[];
  state: AccountState;
  /** An item was refused: on cached state that is no answer (the current state might accept it). */
  refused: boolean;
}

/**
 * Decides an account's call ends in the order given, each on the state the ones before it left (so the
 * auto-reload is checked at the end of each call in order), for one append. A call id already recorded,
 * by the store (`recorded`, looked up by key) or by an earlier item of these, is answered with that
 * first consumption and adds nothing, as a repeat of the single endpoint is.
 */
export async function decideInOrder(
  store: EventStore, plans: PlanCatalogue, items: CallEndItem[], from: AccountState, recorded: ReadonlyMap<string, BillingEvent>,
): Promise<DecidedInOrder> {
  const claimed = new Map(recorded);
  const outcomes: CallEndOutcome[] = [];
  const parts: AppendPart[] = [];
  let state = from;
  let refused = false;
  for (const item of items) {
    const key = callKey(item.command.accountId, item.command.callId);
    const first = claimed.get(key);
    if (first) {
      outcomes.push({ result: { state, events: [], duplicateOf: first } });
      continue;
    }
    let events: BillingEvent[];
    try {
      events = decide(await withRecordedFacts(store, item.command, state), state, { plans });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      refused = true;
      outcomes.push({ error });
      continue;
    }
    state = evolveAll(events, state);
    const consumed = events.find((event) => event.type === 'CallMinutesConsumed');
    if (consumed) claimed.set(key, consumed);
    if (events.length) parts.push({ command: item.command, options: item.options, events });
    outcomes.push({ result: { state, events } });
  }
  return { outcomes, parts, state, refused };
}

/**
 * After the store refused the append for a key it holds: which of these call ids it has recorded
 * (an indexed look-up each, a few at a time), so that they are answered with their first result and
 * the others decided again. A rare path: a batch sent again, or racing another.
 */
export async function lookUpRecorded(store: EventStore, parts: AppendPart[], into: Map<string, BillingEvent>): Promise<number> {
  let found = 0;
  for (let i = 0; i < parts.length; i += 16) {
    await Promise.all(parts.slice(i, i + 16).map(async ({ command }) => {
      if (command.type !== 'RecordCallEnded') return;
      const key = callKey(command.accountId, command.callId);
      const event = into.has(key) ? undefined : await readByKey(store, key);
      if (event) {
        into.set(key, event);
        found++;
      }
    }));
  }
  return found;
}
