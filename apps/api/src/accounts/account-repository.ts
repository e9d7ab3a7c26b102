import { Inject, Injectable } from '@nestjs/common';
import {
  accountStreamName, type AccountState, type BillingCommand, type BillingEvent, currentSchemaVersion, decide,
  evolveAll, initialState, isDomainError, type PlanCatalogue, upcast,
} from '@billing/domain';
import { ConcurrencyError, type EventStore, type RecordedEvent } from '@billing/event-store';
import { EVENT_STORE, PLANS } from '../infrastructure/tokens';
import { Metrics } from '../observability/metrics';
import { eventIds } from './event-ids';

export interface LoadedAccount {
  state: AccountState;
  revision: number | 'no_stream';
  events: RecordedEvent[];
}

export interface ExecuteResult {
  /** The state after the command (unchanged when the command changed nothing). */
  state: AccountState;
  /** What the command appended; empty when it was a no-op (e.g. a repeated call end). */
  events: BillingEvent[];
}

export interface ExecuteOptions {
  /** The command's identity for its event ids (call id, idempotency key, request id). */
  commandKey: string;
  correlationId?: string;
}

const MAX_ATTEMPTS = 5;

/** Loads an account by folding its stream and runs commands against it with optimistic concurrency. */
@Injectable()
export class AccountRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLANS) private readonly plans: PlanCatalogue,
    private readonly metrics: Metrics,
  ) {}

  async load(accountId: string): Promise<LoadedAccount> {
    const events = await this.store.readStream(accountStreamName(accountId));
    const state = evolveAll(events.map((e) => upcast({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })), initialState());
    return { state, revision: events.length ? events[events.length - 1].streamRevision : 'no_stream', events };
  }

  /**
   * decide → append at the revision it was decided on. If another writer got there first, load
   * again and decide again: the domain sees the newer state (e.g. the call is already consumed).
   */
  async execute(command: BillingCommand, options: ExecuteOptions): Promise<ExecuteResult> {
    try {
      const result = await this.decideAndAppend(command, options);
      this.metrics.commands.inc({ command: command.type, outcome: result.events.length ? 'accepted' : 'unchanged' });
      return result;
    } catch (error) {
      this.metrics.commands.inc({ command: command.type, outcome: isDomainError(error) ? 'refused' : 'failed' });
      throw error;
    }
  }

  private async decideAndAppend(command: BillingCommand, options: ExecuteOptions): Promise<ExecuteResult> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(command.accountId);
      const events = decide(command, state, { plans: this.plans });
      if (events.length === 0) return { state, events };
      const ids = eventIds(options.commandKey, revision, events.length);
      try {
        await this.store.appendToStream(
          accountStreamName(command.accountId),
          events.map((event, i) => ({
            id: ids[i],
            type: event.type,
            schemaVersion: currentSchemaVersion(event.type),
            data: event.data as unknown as Record<string, unknown>,
            metadata: {
              correlationId: options.correlationId,
              causationId: options.commandKey,
              actor: { id: command.actor.id, role: command.actor.role },
              command: command.type,
            },
          })),
          { expectedRevision: revision },
        );
        return { state: evolveAll(events, state), events };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
        this.metrics.concurrencyRetries.inc();
      }
    }
  }
}
