import type { PlanCatalogue } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import type { AccountLocks } from './account-locks';
import { appendOfParts } from './append-parts';
import { type CallEndItem, type CallEndOutcome, decideInOrder, type DecidedInOrder } from './call-ends-in-order';
import type { CachedAccount, StateCache } from './state-cache';

export interface AccountCallEnds {
  accountId: string;
  items: CallEndItem[];
}

export interface TogetherDeps {
  store: EventStore;
  plans: PlanCatalogue;
  cache: StateCache;
  locks: AccountLocks;
  /** This process, in its event ids. */
  writer: string;
  /** The one-account path (AccountRepository.executeCallEnds): its own lock, read, retries and fallbacks. */
  alone(group: AccountCallEnds): Promise<CallEndOutcome[]>;
  /** Counts outcomes answered here, as executeCallEnds counts its own. */
  counted(outcomes: CallEndOutcome[]): void;
}

interface Held {
  index: number;
  at: CachedAccount;
  release: () => void;
  decided?: DecidedInOrder;
}

/**
 * A batch's accounts together. Each account whose state is cached and which nothing holds now is
 * taken at once (its lock, without waiting), decided on that state, and all those appends go to the
 * store in one call (appendToStreams), so they share transactions instead of trickling in
 * `atOnce` at a time. Everything else takes the one-account path, `atOnce` accounts at a time: not
 * cached or busy (at once, meanwhile), and after the append any account whose items were refused on
 * cached state (answered from the stream's state, as the single endpoint answers), whose append
 * conflicted, met a taken key or failed (nothing of it was appended). Never waits for a lock while
 * holding one, so two batches over the same accounts cannot deadlock.
 */
export async function executeTogether(deps: TogetherDeps, groups: AccountCallEnds[], atOnce: number): Promise<CallEndOutcome[][]> {
  const outcomes: CallEndOutcome[][] = new Array(groups.length);
  const held: Held[] = [];
  const rest: number[] = [];
  for (const [index, { accountId }] of groups.entries()) {
    const at = deps.cache.get(accountId);
    const release = at && deps.locks.tryHold(accountId);
    if (at && release) held.push({ index, at, release });
    else rest.push(index);
  }
  const alone = (indices: number[]) => inParallel(indices, atOnce, async (i) => {
    outcomes[i] = await deps.alone(groups[i]);
  });
  const meanwhile = alone(rest);
  const later: number[] = [];
  const toAppend: Held[] = [];
  try {
    for (const h of held) {
      try {
        const decided = await decideInOrder(deps.store, deps.plans, groups[h.index].items, h.at.state, new Map());
        if (!decided.refused && decided.parts.length) toAppend.push({ ...h, decided });
        else later.push(h.index);
      } catch {
        later.push(h.index); // a look-up the decision needed failed: the one-account path answers it
      }
    }
    const appends = toAppend.map(({ index, at, decided }) => appendOfParts(groups[index].accountId, at, decided?.parts ?? [], deps.writer));
    const appended = appends.length ? await deps.store.appendToStreams(appends) : [];
    appended.forEach((outcome, n) => {
      const { index, decided } = toAppend[n];
      if ('error' in outcome || !decided) {
        later.push(index);
        return;
      }
      deps.cache.set(groups[index].accountId, { state: decided.state, revision: outcome.result.nextRevision });
      outcomes[index] = decided.outcomes;
      deps.counted(decided.outcomes);
    });
  } catch {
    for (const h of held) if (!outcomes[h.index] && !later.includes(h.index)) later.push(h.index);
  } finally {
    for (const h of held) h.release(); // before the one-account path takes these locks again
  }
  await meanwhile;
  await alone(later);
  return outcomes;
}

/** Runs `work` on every item, at most `limit` at a time; each worker takes the next item when done. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
