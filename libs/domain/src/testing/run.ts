import type { PlanCatalogue } from '../plans/plan';
import type { BillingCommand } from '../account/commands';
import type { BillingEvent } from '../account/events';
import type { AccountState } from '../account/state';
import { initialState } from '../account/state';
import { evolveAll } from '../account/evolve';
import { decideAsStored } from './as-stored';

/** Runs commands in order against one account, as against the store (decideAsStored); refused commands are skipped and counted. */
export function runCommands(commands: readonly BillingCommand[], plans: PlanCatalogue): { events: BillingEvent[]; state: AccountState; refused: number } {
  let state = initialState();
  const events: BillingEvent[] = [];
  let refused = 0;
  for (const command of commands) {
    let decided: BillingEvent[];
    try {
      decided = decideAsStored(command, state, events, plans).events;
    } catch {
      refused += 1;
      continue;
    }
    events.push(...decided);
    state = evolveAll(decided, state);
  }
  return { events, state, refused };
}
