import { accountStreamName, type AccountState, evolveAll, initialState, upcastAll } from '@billing/domain';
import type { EventStore, RecordedEvent } from '@billing/event-store';
import type { Runtime } from '../infrastructure/runtime';
import type { AccountSnapshots } from './account-snapshots';
import type { CachedAccount, StateCache } from './state-cache';

export interface LoadedAccount {
  state: AccountState;
  revision: number | 'no_stream';
}

/**
 * A load that had to fold at least this many events saves a snapshot, so the next process need not; a
 * cold load reads this many events first to tell a short stream (read whole) from one to look up a
 * snapshot for. 100, not more: the state is small now (a snapshot is about 1-3 KB), so saving one is
 * cheap, and reading a first page of 1,000 events alone took ~15 ms, over the 10 ms cold-load target.
 */
export const SNAPSHOT_AFTER_EVENTS = 100;

const fold = (events: RecordedEvent[], from: AccountState) =>
  evolveAll(upcastAll(events), from);

/** Events per read when a load has a long way to go (no snapshot yet, or one far behind). */
const READ_PAGE = 10_000;

interface Folded {
  loaded: LoadedAccount;
  /** How many events this load folded. */
  folded: number;
}

function foldOnto(known: CachedAccount | undefined, events: RecordedEvent[]): Folded {
  if (!events.length) return { loaded: known ?? { state: initialState(), revision: 'no_stream' }, folded: 0 };
  return { loaded: { state: fold(events, known?.state ?? initialState()), revision: events[events.length - 1].streamRevision }, folded: events.length };
}

/** Loads accounts: this process's cached fold plus the stream's tail, or a snapshot plus its tail. */
export class AccountLoader {
  private readonly savingSnapshots = new Set<Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly cache: StateCache,
    private readonly runtime: Runtime,
    private readonly snapshots?: AccountSnapshots,
  ) {}

  /**
   * The account's current state: this process's cached fold plus any events appended since, by anyone.
   * Not in memory, a short stream is read whole (one round trip, as for a new account); only a stream
   * long enough to have been snapshotted (SNAPSHOT_AFTER_EVENTS or more) looks for its snapshot.
   */
  async load(accountId: string): Promise<LoadedAccount> {
    const stream = accountStreamName(accountId);
    const cached = this.cache.get(accountId);
    if (cached) return this.keep(accountId, await this.foldFrom(stream, cached, cached.revision + 1));
    const first = await this.store.readStream(stream, { maxCount: SNAPSHOT_AFTER_EVENTS });
    if (first.length < SNAPSHOT_AFTER_EVENTS) return this.keep(accountId, foldOnto(undefined, first));
    const snapshot = await this.snapshot(accountId);
    if (snapshot && snapshot.revision >= first.length - 1) return this.keep(accountId, await this.foldFrom(stream, snapshot, snapshot.revision + 1));
    return this.keep(accountId, await this.foldFrom(stream, foldOnto(undefined, first).loaded as CachedAccount, first.length, first.length));
  }

  /**
   * Folds the stream from a revision on onto what was known: one read when the rest is short (the usual
   * case), else a page at a time, so that a load without a snapshot holds one page of events in memory,
   * never the whole history (the state it folds into stays small).
   */
  private async foldFrom(stream: string, known: CachedAccount, fromRevision: number, alreadyFolded = 0): Promise<Folded> {
    let result: Folded = { loaded: known, folded: alreadyFolded };
    for (let from = fromRevision; ;) {
      const page = await this.store.readStream(stream, { fromRevision: from, maxCount: READ_PAGE });
      const next = foldOnto(result.loaded as CachedAccount, page);
      result = { loaded: next.loaded, folded: result.folded + next.folded };
      if (page.length < READ_PAGE) return result;
      from = page[page.length - 1].streamRevision + 1;
    }
  }

  /** Caches what was loaded; a long fold is saved as a snapshot, so that the next process need not. */
  private keep(accountId: string, { loaded, folded }: Folded): LoadedAccount {
    if (loaded.revision === 'no_stream') return loaded;
    this.cache.set(accountId, loaded as CachedAccount);
    if (folded >= SNAPSHOT_AFTER_EVENTS) this.saveSnapshot(accountId, loaded as CachedAccount);
    return loaded;
  }

  /** Resolves when the snapshots being written have been (for tests and benchmarks). */
  async snapshotsSaved(): Promise<void> {
    await Promise.all(this.savingSnapshots);
  }

  private async snapshot(accountId: string): Promise<CachedAccount | undefined> {
    if (!this.snapshots) return undefined;
    try {
      return await this.snapshots.load(accountId);
    } catch (error) {
      this.runtime.logger?.entry('warn', 'reading a snapshot failed; folding the whole stream', { accountId, error: (error as Error).message });
      return undefined;
    }
  }

  /** In the background: the command does not wait for it, and a failure only costs the next process time. */
  private saveSnapshot(accountId: string, loaded: CachedAccount): void {
    if (!this.snapshots) return;
    const saving = this.snapshots.save(accountId, loaded)
      .catch((error: Error) => this.runtime.logger?.entry('warn', 'saving a snapshot failed', { accountId, error: error.message }))
      .finally(() => this.savingSnapshots.delete(saving));
    this.savingSnapshots.add(saving);
  }
}
