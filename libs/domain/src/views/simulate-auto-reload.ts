import { DomainError } from '../shared/domain-error';
import { minutesToSeconds } from '../shared/duration';
import type { Instant, MonthKey } from '../shared/instant';
import { addMonths, isInstant, monthOf } from '../shared/instant';
import type { Money } from '../shared/money';
import type { Plan } from '../plans/plan';
import type { AutoReloadDecision } from '../account/events';
import { assertMonthlyMaximum, assertThreshold } from '../account/rules/auto-reload-settings';
import { BLOCKS_PER_RELOAD } from '../account/rules/auto-reload-trigger';
import { quotePurchase } from '../account/rules/purchase-price';
import { previewSentence } from './simulation-sentence';

/**
 * What-if: replay an account's recorded credit movements of some calendar months against a proposed
 * threshold and monthly maximum, next to what really happened. It takes only the facts it needs (the
 * calls and purchases of the window, in store order, and the balance before it), so a caller can read them
 * from the read models. Assumptions: every simulated reload is paid at once and succeeds; it is priced at
 * the current plan's rate; manual purchases happen as recorded; real auto-reloads in the window are
 * replaced by the simulated ones (they still count in `actual`).
 */
export interface AutoReloadProposal {
  thresholdMinutes: number;
  monthlyMaximum: number;
}

/** One recorded credit movement; `month` is the account's calendar month it counts in. */
export type ReplayFact =
  | { kind: 'call'; callId: string; at: Instant; month: MonthKey; creditSeconds: number; creditBalanceAfterSeconds: number; reloadDecision: AutoReloadDecision }
  | { kind: 'purchase'; at: Instant; month: MonthKey; creditSeconds: number; creditBalanceAfterSeconds: number }
  | { kind: 'auto_reload'; at: Instant; month: MonthKey; creditSeconds: number; creditBalanceAfterSeconds: number; total: Money };

export interface ReplayInput {
  plan: Plan;
  timeZone: string;
  window: PreviewWindow;
  /** The credit balance just before the window's first fact. */
  openingBalanceSeconds: number;
  /** The window's facts in store order. */
  facts: readonly ReplayFact[];
}

export interface MonthOutcome {
  reloads: number;
  total: Money;
  /** From when auto-reload was paused: the reload that reached the maximum (simulated), or the first call
   *  that recorded `monthly_cap_reached` (actual); the day is in the account's time zone. */
  capReachedAt: Instant | null;
  capReachedOn: string | null;
  /** Calls that ended below the threshold while paused, buying nothing. */
  callsWhilePaused: number;
  lowestBalanceSeconds: number;
  callsBelowZero: number;
}

export interface PreviewMonth {
  month: MonthKey;
  calls: number;
  simulated: MonthOutcome;
  actual: MonthOutcome;
  /** The month in one plain sentence, for the billing page. */
  sentence: string;
}

export interface AutoReloadPreview {
  fromMonth: MonthKey;
  toMonth: MonthKey;
  proposal: AutoReloadProposal;
  months: PreviewMonth[];
  totals: { simulated: { reloads: number; total: Money }; actual: { reloads: number; total: Money } };
}

export interface PreviewWindow {
  fromMonth: MonthKey;
  toMonth: MonthKey;
}

export const DEFAULT_PREVIEW_MONTHS = 3;
export const MAX_SIMULATION_MONTHS = 24;
const MONTH_KEY = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The last 3 calendar months (the current one included) unless a range is chosen; never past `now`'s month. */
export function previewWindow(now: Instant, timeZone: string, range: { fromMonth?: string; toMonth?: string } = {}): PreviewWindow {
  if (!isInstant(now)) throw new RangeError(`now must be an instant, got ${String(now)}`);
  const current = monthOf(now, timeZone);
  const toMonth = range.toMonth ?? current;
  const fromMonth = range.fromMonth ?? addMonths(toMonth, 1 - DEFAULT_PREVIEW_MONTHS);
  for (const [field, value] of [['fromMonth', fromMonth], ['toMonth', toMonth]] as const) {
    if (!MONTH_KEY.test(value)) throw invalidWindow(`${field} is a month, YYYY-MM; got ${value}.`, field);
  }
  if (toMonth > current) throw invalidWindow(`toMonth ${toMonth} is after the current month ${current}.`, 'toMonth');
  if (fromMonth > toMonth) throw invalidWindow(`fromMonth ${fromMonth} is after toMonth ${toMonth}.`, 'fromMonth');
  if (addMonths(fromMonth, MAX_SIMULATION_MONTHS - 1) < toMonth) throw invalidWindow(`Preview 1 to ${MAX_SIMULATION_MONTHS} months.`, 'fromMonth');
  return { fromMonth, toMonth };
}

function invalidWindow(message: string, field: string): DomainError {
  return new DomainError('SIMULATION.INVALID_MONTHS', message, { field, max: MAX_SIMULATION_MONTHS });
}

export function simulateAutoReload(input: ReplayInput, proposal: AutoReloadProposal): AutoReloadPreview {
  const { plan, window, timeZone } = input;
  if (!plan.autoReloadAvailable) {
    throw new DomainError('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE', `Auto-reload is not available on the ${plan.name} plan.`, { planId: plan.id });
  }
  assertThreshold(proposal.thresholdMinutes);
  assertMonthlyMaximum(proposal.monthlyMaximum, plan);
  const threshold = minutesToSeconds(proposal.thresholdMinutes);
  const quote = quotePurchase(plan, BLOCKS_PER_RELOAD);
  const reloadSeconds = minutesToSeconds(quote.minutes);
  const currency = quote.total.currency;
  const months = new Map<MonthKey, PreviewMonth>();
  const blank = (balance: number): MonthOutcome => ({
    reloads: 0, total: { amount: 0, currency }, capReachedAt: null, capReachedOn: null, callsWhilePaused: 0, lowestBalanceSeconds: balance, callsBelowZero: 0,
  });
  let simulated = input.openingBalanceSeconds;
  let actual = input.openingBalanceSeconds;
  // A month starts at the balances of the moment its first fact arrives (facts come in store order).
  let next = window.fromMonth;
  const monthFor = (key: MonthKey): PreviewMonth | undefined => {
    if (key < window.fromMonth || key > window.toMonth) return undefined;
    for (; next <= key; next = addMonths(next, 1)) months.set(next, { month: next, calls: 0, simulated: blank(simulated), actual: blank(actual), sentence: '' });
    return months.get(key);
  };

  for (const fact of input.facts) {
    const month = monthFor(fact.month);
    if (!month) continue;
    actual = fact.creditBalanceAfterSeconds;
    const real = month.actual;
    real.lowestBalanceSeconds = Math.min(real.lowestBalanceSeconds, actual);
    switch (fact.kind) {
      case 'purchase':
        simulated += fact.creditSeconds;
        break;
      case 'auto_reload':
        real.reloads += 1;
        real.total = { amount: real.total.amount + fact.total.amount, currency: fact.total.currency };
        break;
      case 'call': {
        month.calls += 1;
        if (actual < 0) real.callsBelowZero += 1;
        if (fact.reloadDecision === 'monthly_cap_reached') {
          real.callsWhilePaused += 1;
          if (real.capReachedAt === null) pause(real, fact.at, timeZone);
        }
        simulated -= fact.creditSeconds;
        const sim = month.simulated;
        sim.lowestBalanceSeconds = Math.min(sim.lowestBalanceSeconds, simulated);
        if (simulated < 0) sim.callsBelowZero += 1;
        if (simulated >= threshold) break;
        if (sim.reloads >= proposal.monthlyMaximum) {
          sim.callsWhilePaused += 1;
          break;
        }
        simulated += reloadSeconds;
        sim.reloads += 1;
        sim.total = { amount: sim.total.amount + quote.total.amount, currency };
        if (sim.reloads === proposal.monthlyMaximum) pause(sim, fact.at, timeZone);
        break;
      }
      default: {
        const unknownFact: never = fact;
        throw new Error(`Unhandled fact ${String((unknownFact as { kind: unknown }).kind)}`);
      }
    }
  }
  monthFor(window.toMonth);
  const list = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  for (const month of list) month.sentence = previewSentence(month, proposal);
  const sum = (pick: (m: PreviewMonth) => MonthOutcome) => ({
    reloads: list.reduce((n, m) => n + pick(m).reloads, 0),
    total: { amount: list.reduce((n, m) => n + pick(m).total.amount, 0), currency },
  });
  return { ...window, proposal: { ...proposal }, months: list, totals: { simulated: sum((m) => m.simulated), actual: sum((m) => m.actual) } };
}

function pause(outcome: MonthOutcome, at: Instant, timeZone: string): void {
  outcome.capReachedAt = at;
  outcome.capReachedOn = dayOf(at, timeZone);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of an instant in the account's zone (UTC if Intl cannot compute in it, as monthOf does). */
export function dayOf(at: Instant, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(at));
}
