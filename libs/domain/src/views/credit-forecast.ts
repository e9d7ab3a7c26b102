import { minutesToSeconds, secondsToDisplayMinutes } from '../shared/duration';
import type { Instant } from '../shared/instant';
import { instantMillis } from '../shared/instant';
import { MINUTES_PER_BLOCK } from '../account/rules/purchase-size';
import { BLOCKS_PER_RELOAD } from '../account/rules/auto-reload-trigger';
import { dayOf } from './simulate-auto-reload';

/**
 * The billing page's forecasts, at the last 30 days' credit use: how long the credits last, and how many
 * reloads this month is likely to need against the maximum. Too little history (under a week of calls) and
 * there is no forecast: a few days say nothing about a month.
 */
export const FORECAST_DAYS = 30;
export const MIN_FORECAST_HISTORY_DAYS = 7;
const DAY_MS = 86_400_000;

export interface ForecastInput {
  now: Instant;
  timeZone: string;
  balanceSeconds: number;
  /** Credit seconds the calls that ended in the last 30 days used. */
  creditSecondsLast30Days: number;
  /** The end of the oldest recorded call, or null. */
  firstCallAt: Instant | null;
  autoReload: { enabled: boolean; thresholdMinutes: number; monthlyMax: number; usedThisMonth: number };
}

export interface CreditForecast {
  available: boolean;
  /** Days the usage was averaged over (at most 30). */
  observedDays: number;
  dailyCreditSeconds: number | null;
  /** Whole days the balance lasts; null when no credit was used. */
  creditsLastDays: number | null;
  sentence: string | null;
  reloads: { likelyThisMonth: number; monthlyMax: number; reachesMaximum: boolean; sentence: string } | null;
}

export function creditForecast(input: ForecastInput): CreditForecast {
  const nowMillis = instantMillis(input.now);
  const historyDays = input.firstCallAt === null ? 0 : (nowMillis - instantMillis(input.firstCallAt)) / DAY_MS;
  if (historyDays < MIN_FORECAST_HISTORY_DAYS) {
    return { available: false, observedDays: Math.max(0, Math.floor(historyDays)), dailyCreditSeconds: null, creditsLastDays: null, sentence: null, reloads: null };
  }
  const observedDays = Math.min(FORECAST_DAYS, historyDays);
  const daily = input.creditSecondsLast30Days / observedDays;
  const dailyCreditSeconds = Math.round(daily);
  const perDay = `about ${secondsToDisplayMinutes(dailyCreditSeconds).toLocaleString('en-US')} min a day`;
  let creditsLastDays: number | null;
  let sentence: string;
  if (daily === 0) {
    creditsLastDays = null;
    sentence = 'No credit minutes were used in the last 30 days, so the credits are not running down.';
  } else if (input.balanceSeconds <= 0) {
    creditsLastDays = 0;
    sentence = `The credits are used up; the last 30 days used ${perDay}.`;
  } else {
    creditsLastDays = Math.floor(input.balanceSeconds / daily);
    sentence = `At the last 30 days' usage (${perDay}), the credits last about ${creditsLastDays === 1 ? '1 day' : `${creditsLastDays} days`}.`;
  }
  return { available: true, observedDays: Math.floor(observedDays), dailyCreditSeconds, creditsLastDays, sentence, reloads: reloadsThisMonth(input, daily) };
}

/** Reloads so far plus those needed to keep the balance at the threshold until the month ends (today included). */
function reloadsThisMonth(input: ForecastInput, daily: number): CreditForecast['reloads'] {
  const { enabled, thresholdMinutes, monthlyMax, usedThisMonth } = input.autoReload;
  if (!enabled) return null;
  const [year, month, day] = dayOf(input.now, input.timeZone).split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const usage = daily * (daysInMonth - day + 1);
  const spare = input.balanceSeconds - minutesToSeconds(thresholdMinutes);
  const needed = usage <= spare ? 0 : Math.ceil((usage - spare) / minutesToSeconds(MINUTES_PER_BLOCK * BLOCKS_PER_RELOAD));
  const likelyThisMonth = usedThisMonth + needed;
  const reachesMaximum = likelyThisMonth >= monthlyMax;
  let sentence: string;
  if (likelyThisMonth > monthlyMax) {
    sentence = `This month is likely to need about ${likelyThisMonth} reloads, more than the maximum of ${monthlyMax}: auto-reload would pause before the month ends.`;
  } else if (likelyThisMonth === monthlyMax) {
    sentence = `This month is likely to use all ${monthlyMax} reloads of the maximum.`;
  } else {
    sentence = `This month is likely to need about ${likelyThisMonth} of its ${monthlyMax} reloads.`;
  }
  return { likelyThisMonth, monthlyMax, reachesMaximum, sentence };
}
