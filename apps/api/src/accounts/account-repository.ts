import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  accountStreamName, type AccountState, type BillingCommand, callKey, type BillingEvent, decide, isDomainError, type PlanCatalogue,
  purchaseOf, type PurchaseRecord,
} from '@billing/domain';
import { backOffMs, ConcurrencyError, type EventStore, IdempotencyKeyTakenError, type RecordedEvent, sleep } from '@billing/event-store';
import type { Runtime } from '../infrastructure/runtime';
import { EVENT_STORE, PLANS, RUNTIME } from '../infrastructure/tokens';
import { Metrics } from '../observability/metrics';
import { AccountLocks } from './account-locks';
import { AccountSnapshots } from './account-snapshots';
import { type AppendPart, type CallEndItem, type CallEndOutcome, decideInOrder, lookUpRecorded } from './call-ends-in-order';
import { AccountLoader, type LoadedAccount } from './account-loader';
import { appendOfParts, stateAfterParts } from './append-parts';
import { type AccountCallEnds, executeTogether } from './call-ends-together';
import { readByKey, recordedPurchase, withRecordedFacts } from './recorded-facts';
import { StateCache } from './state-cache';

export { SNAPSHOT_AFTER_EVENTS, type LoadedAccount } from './account-loader';

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

/** Loads accounts (cached state + the stream's tail) and runs commands with optimistic concurrency. */
@Injectable()
export class AccountRepository {
  private readonly locks = new AccountLocks();
  private readonly cache: StateCache;
  /** This process, in its event ids (see eventIds). */
  private readonly writer = randomUUID();

  private readonly loader: AccountLoader;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLANS) private readonly plans: PlanCatalogue,
    @Inject(RUNTIME) runtime: Runtime,
    private readonly metrics: Metrics,
    @Optional() snapshots?: AccountSnapshots,
  ) {
    this.cache = new StateCache(runtime.config.stateCacheSize);
    this.loader = new AccountLoader(store, this.cache, runtime, snapshots);
  }

  /** The account's current state (see AccountLoader). */
  load(accountId: string): Promise<LoadedAccount> {
    return this.loader.load(accountId);
  }

  /** Resolves when the snapshots being written have been (for tests and benchmarks). */
  snapshotsSaved(): Promise<void> {
    return this.loader.snapshotsSaved();
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
    this.countCallEnds(outcomes);
    return outcomes;
  }

  /** Many accounts' call ends of one batch: their appends together where they can be (see executeTogether). */
  executeCallEndsOfAccounts(groups: AccountCallEnds[], atOnce: number): Promise<CallEndOutcome[][]> {
    return executeTogether({
      store: this.store, plans: this.plans, cache: this.cache, locks: this.locks, writer: this.writer,
      inOrder: ({ accountId, items }) => this.callEndsInOrder(accountId, items), counted: (outcomes) => this.countCallEnds(outcomes),
    }, groups, atOnce);
  }

  private countCallEnds(outcomes: CallEndOutcome[]): void {
    for (const outcome of outcomes) {
      const result = 'result' in outcome ? (outcome.result.events.length ? 'accepted' : 'unchanged') : isDomainError(outcome.error) ? 'refused' : 'failed';
      this.metrics.commands.inc({ command: 'RecordCallEnded', outcome: result });
    }
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
    const { stream, events, options } = appendOfParts(accountId, at, parts, this.writer);
    const { nextRevision } = await this.store.appendToStream(stream, events, options);
    const after = stateAfterParts(at, parts);
    this.cache.set(accountId, { state: after, revision: nextRevision });
    return after;
  }
}
