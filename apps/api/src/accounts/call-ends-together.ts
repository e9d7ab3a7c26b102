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
  /** The one-account path, run while its lock is held (AccountRepository's callEndsInOrder: its read, retries and fallbacks). */
  inOrder(group: AccountCallEnds): Promise<CallEndOutcome[]>;
  /** Counts the outcomes, as executeCallEnds counts its own. */
  counted(outcomes: CallEndOutcome[]): void;
}

interface Decided {
  index: number;
  /** The cached state it was decided on (and so the revision its append expects). */
  at: CachedAccount;
  decided: DecidedInOrder;
}

/**
 * A batch's accounts together. Their locks are taken first, in the order of their ids (two batches
 * over the same accounts then never wait for each other; nothing else is waited for while holding
 * them). Each account whose state is cached is decided on it, and all those appends go to the store
 * in one call (appendToStreams), sharing transactions instead of trickling in one account at a time.
 * Every other account takes the one-account path under the lock already held, `atOnce` at a time:
 * not cached (at once), and after the append any account whose items were refused on cached state
 * (answered from the stream's state, as the single endpoint answers), whose append conflicted, met a
 * taken key or failed (nothing of it was appended). Each lock is released once its account is answered.
 */
export async function executeTogether(deps: TogetherDeps, groups: AccountCallEnds[], atOnce: number): Promise<CallEndOutcome[][]> {
  const outcomes: CallEndOutcome[][] = new Array(groups.length);
  const order = groups.map((_, i) => i).sort((a, b) => (groups[a].accountId < groups[b].accountId ? -1 : 1));
  const releases: (() => void)[] = new Array(groups.length);
  for (const i of order) releases[i] = await deps.locks.hold(groups[i].accountId);
  const answered = (i: number, answer: CallEndOutcome[]) => {
    outcomes[i] = answer;
    deps.counted(answer);
    releases[i]();
  };
  const alone = (indices: number[]) => inParallel(indices, atOnce, async (i) => {
    answered(i, await deps.inOrder(groups[i]).catch((error: unknown) => groups[i].items.map(() => ({ error }))));
  });
  try {
    // Each account's cached state, looked up once: the one it is decided on and its append expects.
    const states = order.map((index) => ({ index, at: deps.cache.get(groups[index].accountId) }));
    const meanwhile = alone(states.filter(({ at }) => !at).map(({ index }) => index));
    const later: number[] = [];
    const toAppend: Decided[] = [];
    for (const { index, at } of states) {
      if (!at) continue;
      try {
        const decided = await decideInOrder(deps.store, deps.plans, groups[index].items, at.state, new Map());
        if (!decided.refused && decided.parts.length) toAppend.push({ index, at, decided });
        else later.push(index);
      } catch {
        later.push(index); // a look-up the decision needed failed: the one-account path answers it
      }
    }
    const appends = toAppend.map(({ index, at, decided }) => appendOfParts(groups[index].accountId, at, decided.parts, deps.writer));
    const appended = appends.length
      ? await deps.store.appendToStreams(appends).catch((error: unknown) => appends.map(() => ({ error })))
      : [];
    appended.forEach((outcome, n) => {
      const { index, decided } = toAppend[n];
      if ('error' in outcome) {
        later.push(index);
      } else {
        deps.cache.set(groups[index].accountId, { state: decided.state, revision: outcome.result.nextRevision });
        answered(index, decided.outcomes);
      }
    });
    await Promise.all([meanwhile, alone(later)]);
  } finally {
    for (const release of releases) release(); // whatever went wrong, no lock stays held (releasing twice is harmless)
  }
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
