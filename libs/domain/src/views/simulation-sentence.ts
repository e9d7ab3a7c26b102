import { secondsToDisplayMinutes } from '../shared/duration';
import type { MonthKey } from '../shared/instant';
import { formatMoney } from '../shared/money';
import type { AutoReloadProposal, MonthOutcome, PreviewMonth } from './simulate-auto-reload';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "March 2024" */
export function monthName(month: MonthKey): string {
  const [year, number] = month.split('-');
  return `${MONTH_NAMES[Number(number) - 1] ?? number} ${year}`;
}

/** "20 March" from `2024-03-20`. */
function dayName(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(date)} ${MONTH_NAMES[Number(month) - 1] ?? month}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const minutes = (seconds: number) => `${secondsToDisplayMinutes(seconds).toLocaleString('en-US')} min`;

function belowZero(outcome: MonthOutcome, would: boolean): string {
  if (outcome.callsBelowZero === 0) return `no call ${would ? 'would have ended' : 'ended'} below zero`;
  return `${plural(outcome.callsBelowZero, 'call')} ${would ? 'would have ended' : 'ended'} below zero`;
}

/**
 * The month in one plain sentence: what these settings would have done, then what really happened.
 * E.g. "March 2024: 2 reloads would have fired ($44.00); the maximum of 2 would have been reached on
 * 20 March and 1 later call would have bought nothing; lowest balance -5 min, 3 calls would have ended
 * below zero. What happened: 1 reload ($22.00), lowest balance 12 min, no call ended below zero."
 */
export function previewSentence(month: PreviewMonth, proposal: AutoReloadProposal): string {
  const { simulated: sim, actual } = month;
  if (month.calls === 0) return `${monthName(month.month)}: no calls, so no reloads.`;
  const fired = sim.reloads === 0 ? 'no reload would have fired' : `${plural(sim.reloads, 'reload')} would have fired (${formatMoney(sim.total)})`;
  const cap = sim.capReachedOn === null
    ? ''
    : `; the maximum of ${proposal.monthlyMaximum} would have been reached on ${dayName(sim.capReachedOn)}` +
      (sim.callsWhilePaused > 0 ? ` and ${plural(sim.callsWhilePaused, 'later call')} would have bought nothing` : '');
  const happened = `${actual.reloads === 0 ? 'no reload' : `${plural(actual.reloads, 'reload')} (${formatMoney(actual.total)})`}, ` +
    `lowest balance ${minutes(actual.lowestBalanceSeconds)}, ${belowZero(actual, false)}`;
  return `${monthName(month.month)}: ${fired}${cap}; lowest balance ${minutes(sim.lowestBalanceSeconds)}, ${belowZero(sim, true)}. What happened: ${happened}.`;
}
