import { creditForecast, type ForecastInput } from './credit-forecast';

const min = (m: number) => m * 60;
// 15 November 2026 in Europe/Berlin: 16 days of November left, today included.
const base: ForecastInput = {
  now: '2026-11-15T12:00:00Z', timeZone: 'Europe/Berlin', balanceSeconds: min(300), creditSecondsLast30Days: min(600),
  firstCallAt: '2026-08-01T10:00:00Z', autoReload: { enabled: true, thresholdMinutes: 10, monthlyMax: 3, usedThisMonth: 1 },
};

describe('forecasts at the last 30 days\' usage — how long the credits last, how many reloads the month needs', () => {
  it('600 credit minutes in 30 days is 20 a day: 300 minutes last 15 days; the rest of November needs 1 more reload', () => {
    // 16 days × 20 = 320 minutes; 300 − 10 (threshold) = 290 spare; 30 short → 1 reload of 100; 1 done + 1.
    expect(creditForecast(base)).toEqual({
      available: true, observedDays: 30, dailyCreditSeconds: min(20), creditsLastDays: 15,
      sentence: 'At the last 30 days\' usage (about 20 min a day), the credits last about 15 days.',
      reloads: { likelyThisMonth: 2, monthlyMax: 3, reachesMaximum: false, sentence: 'This month is likely to need about 2 of its 3 reloads.' },
    });
  });

  it('heavier use goes past the maximum and says auto-reload would pause', () => {
    // 60 a day × 16 = 960; 290 spare → 670 short → 7 reloads; 1 + 7 = 8 > 3.
    const heavy = creditForecast({ ...base, creditSecondsLast30Days: min(1_800) });
    expect(heavy.reloads).toEqual({
      likelyThisMonth: 8, monthlyMax: 3, reachesMaximum: true,
      sentence: 'This month is likely to need about 8 reloads, more than the maximum of 3: auto-reload would pause before the month ends.',
    });
    expect(heavy.creditsLastDays).toBe(5);
  });

  it('a younger account averages over the days it has; under a week there is no forecast', () => {
    // 10 days of history: 600 / 10 = 60 a day.
    expect(creditForecast({ ...base, firstCallAt: '2026-11-05T12:00:00Z' })).toMatchObject({ observedDays: 10, dailyCreditSeconds: min(60), creditsLastDays: 5 });
    expect(creditForecast({ ...base, firstCallAt: '2026-11-10T12:00:00Z' })).toEqual({
      available: false, observedDays: 5, dailyCreditSeconds: null, creditsLastDays: null, sentence: null, reloads: null,
    });
    expect(creditForecast({ ...base, firstCallAt: null }).available).toBe(false);
  });

  it('no credit use, an empty balance, auto-reload off', () => {
    expect(creditForecast({ ...base, creditSecondsLast30Days: 0 })).toMatchObject({ creditsLastDays: null, reloads: { likelyThisMonth: 1 } });
    expect(creditForecast({ ...base, balanceSeconds: -60 })).toMatchObject({ creditsLastDays: 0, sentence: 'The credits are used up; the last 30 days used about 20 min a day.' });
    expect(creditForecast({ ...base, autoReload: { ...base.autoReload, enabled: false } }).reloads).toBeNull();
  });

  it('the month ends in the account zone: 23:30 UTC on 30 November is already December in Berlin', () => {
    // 1 December, 31 days left: 620 minutes; 290 spare → 330 short → 4 reloads, none used yet.
    expect(creditForecast({ ...base, now: '2026-11-30T23:30:00Z', autoReload: { ...base.autoReload, usedThisMonth: 0, monthlyMax: 10 } }).reloads?.likelyThisMonth).toBe(4);
  });
});
