import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  accountStreamName, type AccountState, type BillingCommand, callKey, type BillingEvent, currentSchemaVersion, decide,
  evolveAll, idempotencyKeyOf, initialState, isDomainError, type PlanCatalogue, purchaseOf, type PurchaseRecord, upcastAll,
} from '@billing/domain';
import { backOffMs, ConcurrencyError, type EventStore, IdempotencyKeyTakenError, type RecordedEvent, sleep } from '@billing/event-store';
import type { Runtime } from '../infrastructure/runtime';
import { EVENT_STORE, PLANS, RUNTIME } from '../infrastructure/tokens';
import { Metrics } from '../observability/metrics';
import { AccountLocks } from './account-locks';
import { AccountSnapshots } from './account-snapshots';
import { type AppendPart, type CallEndItem, type CallEndOutcome, decideInOrder, lookUpRecorded } from './call-ends-in-order';
import { eventIds } from './event-ids';
import { readByKey, recordedPurchase, withRecordedFacts } from './recorded-facts';
import { type CachedAccount, StateCache } from './state-cache';

export interface LoadedAccount {
  state: AccountState;
  revision: number | 'no_stream';
}

export interface ExecuteResult {
  /** The state after the command (unchanged when the command changed nothing). */
  state: AccountState;
  /** What the command appended; empty when it was a no-op (e.g. a repeated call end). */
  events: BillingEvent[];
  /**
   * When the store refused the events because a fact they record is recorded already (an idempotency
   * key is taken, e.g. the call id was billed before): the stored event that holds it, whose data is the
   * first result. Nothing was appended.
   */
  duplicateOf?: BillingEvent;
}

export interface ExecuteOptions {
  /** The command's identity for its event ids (call id, idempotency key, request id). */
  commandKey: string;
  correlationId?: string;
}

/** Conflicts with other processes are retried this many times, with jittered back-off. */
const MAX_ATTEMPTS = 10;

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

/** Loads accounts (cached state + the stream's tail) and runs commands with optimistic concurrency. */
@Injectable()
export class AccountRepository {
  private readonly locks = new AccountLocks();
  private readonly cache: StateCache;
  /** This process, in its event ids (see eventIds). */
  private readonly writer = randomUUID();

  private readonly savingSnapshots = new Set<Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLANS) private readonly plans: PlanCatalogue,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly metrics: Metrics,
    @Optional() private readonly snapshots?: AccountSnapshots,
  ) {
    this.cache = new StateCache(runtime.config.stateCacheSize);
  }

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

  /** A purchase as recorded, from the state or (once it left it) from the store by its keys. */
  async recordedPurchase(accountId: string, purchaseId: string): Promise<PurchaseRecord | undefined> {
    const { state } = await this.load(accountId);
    return purchaseOf(state, purchaseId) ?? recordedPurchase(this.store, accountId, purchaseId);
  }

  /** Every event of the account, for audits (the balance as of an instant, the opening details). */
  history(accountId: string, maxCount?: number): Promise<RecordedEvent[]> {
    return this.store.readStream(accountStreamName(accountId), { maxCount });
  }

  async execute(command: BillingCommand, options: ExecuteOptions): Promise<ExecuteResult> {
    try {
      const result = await this.locks.run(command.accountId, () => this.decideAndAppend(command, options));
      this.metrics.commands.inc({ command: command.type, outcome: result.events.length ? 'accepted' : 'unchanged' });
      return result;
    } catch (error) {
      this.metrics.commands.inc({ command: command.type, outcome: isDomainError(error) ? 'refused' : 'failed' });
      throw error;
    }
  }

  /**
   * An account's call ends from one batch, in the order given: decided one after the other on one state
   * and appended together (one stream read and one append, none on cached state), each answered as
   * execute would answer it alone. Conflicts are retried as execute's are; a call id the store holds
   * already is looked up and answered with its first result, and the others are decided again.
   */
  async executeCallEnds(accountId: string, items: CallEndItem[]): Promise<CallEndOutcome[]> {
    let outcomes: CallEndOutcome[];
    try {
      outcomes = await this.locks.run(accountId, () => this.callEndsInOrder(accountId, items));
    } catch (error) {
      outcomes = items.map(() => ({ error })); // the store failed: nothing of these was appended
    }
    for (const outcome of outcomes) {
      const result = 'result' in outcome ? (outcome.result.events.length ? 'accepted' : 'unchanged') : isDomainError(outcome.error) ? 'refused' : 'failed';
      this.metrics.commands.inc({ command: 'RecordCallEnded', outcome: result });
    }
    return outcomes;
  }

  private async callEndsInOrder(accountId: string, items: CallEndItem[]): Promise<CallEndOutcome[]> {
    const recorded = new Map<string, BillingEvent>();
    const cached = this.cache.get(accountId);
    if (cached) {
      // As onCachedState: only when every item is accepted; a refusal is answered from the stream's state.
      const decided = await decideInOrder(this.store, this.plans, items, cached.state, recorded);
      if (!decided.refused && decided.parts.length) {
        try {
          await this.appendParts(accountId, cached, decided.parts);
          return decided.outcomes;
        } catch (error) {
          if (error instanceof IdempotencyKeyTakenError) await lookUpRecorded(this.store, decided.parts, recorded);
          else if (!(error instanceof ConcurrencyError)) throw error;
        }
      }
    }
    for (let attempt = 1; ; attempt++) {
      const at = await this.load(accountId);
      const decided = await decideInOrder(this.store, this.plans, items, at.state, recorded);
      if (!decided.parts.length) return decided.outcomes;
      try {
        await this.appendParts(accountId, at, decided.parts);
        return decided.outcomes;
      } catch (error) {
        if (error instanceof IdempotencyKeyTakenError) {
          // The key the store holds is none of these call ids (another key of theirs): one at a time, as execute.
          if (await lookUpRecorded(this.store, decided.parts, recorded) === 0) return this.oneByOne(items);
          continue;
        }
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
        this.metrics.concurrencyRetries.inc();
        await sleep(Math.random() * 5 * attempt);
      }
    }
  }

  private async oneByOne(items: CallEndItem[]): Promise<CallEndOutcome[]> {
    const outcomes: CallEndOutcome[] = [];
    for (const { command, options } of items) {
      outcomes.push(await this.decideAndAppend(command, options).then((result) => ({ result }), (error: unknown) => ({ error })));
    }
    return outcomes;
  }

  /**
   * decide → append at the revision it was decided on. If another process got there first, load
   * again and decide again: the domain sees the newer state (e.g. the call is already consumed).
   */
  private async decideAndAppend(command: BillingCommand, options: ExecuteOptions): Promise<ExecuteResult> {
    const fast = await this.onCachedState(command, options);
    if (fast) return fast;
    let keyTaken = false;
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(command.accountId);
      const events = decide(await withRecordedFacts(this.store, command, state), state, { plans: this.plans });
      if (events.length === 0) return { state, events };
      try {
        return await this.append(command, options, { state, revision }, events);
      } catch (error) {
        // A taken key is the store's answer, whatever the state said: for a call end at once; for
        // anything else after deciding once more on the stream's state (it may refuse, e.g. a purchase
        // another process settled the other way), and at once the second time.
        if (error instanceof IdempotencyKeyTakenError && (command.type === 'RecordCallEnded' || keyTaken)) return this.recordedAlready(command, state, error);
        if (error instanceof IdempotencyKeyTakenError) keyTaken = true;
        else if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
        this.metrics.concurrencyRetries.inc();
        await sleep(backOffMs(attempt, 5, 100)); // spread the racers out
      }
    }
  }

  private async recordedAlready(command: BillingCommand, state: AccountState, error: IdempotencyKeyTakenError): Promise<ExecuteResult> {
    // A call end's answer is its consumption, whichever of its keys the store named.
    const key = command.type === 'RecordCallEnded' ? callKey(command.accountId, command.callId) : error.key;
    const duplicateOf = await readByKey(this.store, key);
    if (!duplicateOf) throw new Error(`the store named event ${error.existingEventId} for key ${error.key} but does not find it`);
    return { state, events: [], duplicateOf };
  }

  /**
   * One round trip instead of two: decide on the cached state and append at its revision. Only an
   * accepted command can take this path, because the append checks the revision: if anyone wrote
   * since, it conflicts and the caller reads the tail. A refusal or a no-op on cached state is never
   * answered from here: stale state could refuse what the current state accepts (a card set by
   * another process would read as "no payment method"), and no append would notice.
   */
  private async onCachedState(command: BillingCommand, options: ExecuteOptions): Promise<ExecuteResult | undefined> {
    const cached = this.cache.get(command.accountId);
    if (!cached) return undefined;
    let events: BillingEvent[];
    try {
      events = decide(await withRecordedFacts(this.store, command, cached.state), cached.state, { plans: this.plans });
    } catch (error) {
      if (isDomainError(error)) return undefined;
      throw error;
    }
    if (events.length === 0) return undefined;
    try {
      return await this.append(command, options, cached, events);
    } catch (error) {
      // A call end whose id was billed before: the store says so, however stale the cache.
      if (error instanceof IdempotencyKeyTakenError && command.type === 'RecordCallEnded') return this.recordedAlready(command, cached.state, error);
      if (error instanceof ConcurrencyError || error instanceof IdempotencyKeyTakenError) return undefined;
      throw error;
    }
  }

  private async append(command: BillingCommand, options: ExecuteOptions, at: LoadedAccount, events: BillingEvent[]): Promise<ExecuteResult> {
    return { state: await this.appendParts(command.accountId, at, [{ command, options, events }]), events };
  }

  /** One append of several commands' events (in the order decided), at the revision they were decided on. */
  private async appendParts(accountId: string, at: LoadedAccount, parts: AppendPart[]): Promise<AccountState> {
    const base = at.revision === 'no_stream' ? -1 : at.revision;
    let offset = 0;
    const events = parts.flatMap(({ command, options, events: decided }) => {
      // Each command's ids from its own key and the revision its events follow, as if appended alone.
      const ids = eventIds(options.commandKey, offset === 0 ? at.revision : base + offset, decided.length, this.writer);
      offset += decided.length;
      return decided.map((event, i) => ({
        id: ids[i],
        // Facts recorded once forever (a call id billed, a purchase settled): the store refuses a second.
        idempotencyKey: idempotencyKeyOf(event),
        type: event.type,
        schemaVersion: currentSchemaVersion(event.type),
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          correlationId: options.correlationId,
          causationId: options.commandKey,
          actor: { id: command.actor.id, role: command.actor.role },
          command: command.type,
        },
      }));
    });
    const { nextRevision } = await this.store.appendToStream(accountStreamName(accountId), events, { expectedRevision: at.revision });
    const after = parts.reduce((state, part) => evolveAll(part.events, state), at.state);
    this.cache.set(accountId, { state: after, revision: nextRevision });
    return after;
  }
}
