import { array, bool, instant, int, nullable, object, oneOfValues, ref, str } from './openapi-schema-builders';

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

/** The what-if (POST …/auto-reload/preview), the settings trail (GET …/settings-history), the forecast (GET …/billing/forecast). */
export const HISTORY_SCHEMAS = {
  AutoReloadPreview: object({
    fromMonth: month,
    toMonth: month,
    proposal: object({ thresholdMinutes: int(), monthlyMaximum: int() }),
    months: array(object({ month, calls: int(), simulated: outcome, actual: outcome, sentence: str('The month in one plain sentence.') })),
    totals: object({ simulated: totals, actual: totals }),
  }),
  SettingsChange: object({
    at: instant,
    by: nullable(str('The administrator (token subject); null when the service turned auto-reload off by itself.')),
    reason: nullable(oneOfValues(['plan_downgrade', 'payment_failed', 'authentication_required'])),
    enabled: bool,
    thresholdMinutes: int(),
    monthlyMaximum: int(),
    changes: array(object({ field: oneOfValues(['enabled', 'thresholdMinutes', 'monthlyMaximum']), from: {}, to: {} })),
    sentence: str(),
  }),
  CreditForecast: object({
    available: { ...bool, description: 'false with under a week of calls: then every other field is null.' },
    observedDays: int('Days the usage was averaged over (at most 30).'),
    dailyCreditSeconds: nullable(int()),
    creditsLastDays: nullable(int('Whole days the balance lasts; null when no credit was used.')),
    sentence: nullable(str()),
    reloads: nullable(object({ likelyThisMonth: int(), monthlyMax: int(), reachesMaximum: bool, sentence: str() })),
  }),
};
