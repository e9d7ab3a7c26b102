import type { DomainErrorCode, DomainErrorDetails } from '../shared/domain-error';
import { DomainError } from '../shared/domain-error';
import type { PlanCatalogue } from '../plans/plan';
import { DEFAULT_PLANS } from '../plans/plan';
import type { BillingCommand } from '../account/commands';
import type { BillingEvent } from '../account/events';
import type { AccountState } from '../account/state';
import { initialState } from '../account/state';
import { evolve } from '../account/evolve';
import { decideAsStored } from './as-stored';

/**
 * given(…history).when(command).then(…events) | .thenNothing() | .thenError(code).
 * History steps may be events or commands (a command's events are decided and applied), so a scenario
 * reads like the help page: "given a Starter account with 50 credit minutes, when a call ends…".
 * Commands are decided as the service runs them against the store (decideAsStored): facts recorded once
 * (a call id, a purchase's settlement) are refused a second time by their idempotency keys.
 */
type Step = BillingEvent | BillingCommand;

export function given(...steps: Step[]): Scenario {
  return new Scenario(steps, DEFAULT_PLANS);
}

export class Scenario {
  constructor(
    private readonly steps: readonly Step[],
    private readonly plans: PlanCatalogue,
  ) {}

  withPlans(plans: PlanCatalogue): Scenario {
    return new Scenario(this.steps, plans);
  }

  /** The state after the history, with each step's events applied one by one. */
  state(): AccountState {
    return this.replay().state;
  }

  /** Every event the history recorded, in order. */
  recorded(): BillingEvent[] {
    return this.replay().recorded;
  }

  private replay(): { state: AccountState; recorded: BillingEvent[] } {
    let state = initialState();
    const recorded: BillingEvent[] = [];
    for (const step of this.steps) {
      const events = 'data' in step ? [step] : decideAsStored(step, state, recorded, this.plans).events;
      for (const event of events) state = evolve(state, event);
      recorded.push(...events);
    }
    return { state, recorded };
  }

  when(command: BillingCommand): Outcome {
    const { state: before, recorded } = this.replay();
    try {
      const { events, duplicateOf } = decideAsStored(command, before, recorded, this.plans);
      return new Outcome(before, events, undefined, duplicateOf);
    } catch (error) {
      return new Outcome(before, undefined, error);
    }
  }
}

export class Outcome {
  constructor(
    readonly before: AccountState,
    readonly events: BillingEvent[] | undefined,
    readonly error: unknown,
    /** When the store refused the events as recorded already: the event that holds the key. */
    readonly duplicateOf?: BillingEvent,
  ) {}

  /** Nothing appended because the fact is recorded already; returns the first recorded event. */
  thenAlreadyRecorded(): BillingEvent {
    this.then();
    expect(this.duplicateOf).toBeDefined();
    return this.duplicateOf as BillingEvent;
  }

  /** Exactly these events, in this order. Returns the state after them. */
  then(...expected: BillingEvent[]): AccountState {
    if (this.error !== undefined) throw this.error;
    expect(this.events).toEqual(expected);
    return this.after();
  }

  /** The events, for a partial match (toMatchObject) when only some fields matter. */
  thenEvents(): BillingEvent[] {
    if (this.error !== undefined) throw this.error;
    return this.events ?? [];
  }

  thenNothing(): void {
    this.then();
  }

  thenError(code: DomainErrorCode, details?: DomainErrorDetails): DomainError {
    expect(this.events).toBeUndefined();
    expect(this.error).toBeInstanceOf(DomainError);
    const error = this.error as DomainError;
    expect(error.code).toBe(code);
    if (details !== undefined) expect(error.details).toEqual(details);
    return error;
  }

  after(): AccountState {
    return (this.events ?? []).reduce(evolve, this.before);
  }
}
