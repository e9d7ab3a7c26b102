import { array, instant, int, nullable, object, ref, str } from './openapi-schema-builders';

const month = str('A calendar month, YYYY-MM, in the account\'s time zone.');

const outcome = object({
  reloads: int(),
  total: ref('Money'),
  capReachedAt: nullable({ ...instant, description: 'From when auto-reload was paused: the reload that reached the maximum (simulated), or the first call that found it reached (actual).' }),
  capReachedOn: nullable(str('That day, YYYY-MM-DD, in the account\'s time zone.')),
  callsWhilePaused: int('Calls that ended below the threshold while paused.'),
  lowestBalanceSeconds: int('The lowest credit balance in the month (after a call, before the reload it triggers).'),
  callsBelowZero: int(),
});
const totals = object({ reloads: int(), total: ref('Money') });

/** The what-if of the billing page (POST /v1/accounts/:accountId/auto-reload/preview). */
export const HISTORY_SCHEMAS = {
  AutoReloadPreview: object({
    fromMonth: month,
    toMonth: month,
    proposal: object({ thresholdMinutes: int(), monthlyMaximum: int() }),
    months: array(object({ month, calls: int(), simulated: outcome, actual: outcome, sentence: str('The month in one plain sentence.') })),
    totals: object({ simulated: totals, actual: totals }),
  }),
};
