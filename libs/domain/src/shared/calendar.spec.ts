import { dayStartIn } from './calendar';

/** A month as [its first day's start, the next month's first day's start). */
const monthBoundsIn = (month: string, next: string, zone: string) => ({ from: dayStartIn(`${month}-01`, zone), to: dayStartIn(`${next}-01`, zone) });
import { monthOf } from './instant';

describe('Calendar days and months in the account\'s time zone', () => {
  it('UTC: a month is its UTC days', () => {
    expect(monthBoundsIn('2024-03', '2024-04', 'UTC')).toEqual({ from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' });
  });

  it('a DST month in Europe/Paris starts at +01:00 and ends at +02:00 (March 2024: 743 hours, not 744)', () => {
    const march = monthBoundsIn('2024-03', '2024-04', 'Europe/Paris');
    expect(march).toEqual({ from: '2024-02-29T23:00:00.000Z', to: '2024-03-31T22:00:00.000Z' });
    expect((Date.parse(march.to) - Date.parse(march.from)) / 3_600_000).toBe(743);
    // The bounds agree with the month billing counts in (monthOf): the first and last instants are March's.
    expect(monthOf(march.from, 'Europe/Paris')).toBe('2024-03');
    expect(monthOf(new Date(Date.parse(march.to) - 1).toISOString(), 'Europe/Paris')).toBe('2024-03');
    expect(monthOf(march.to, 'Europe/Paris')).toBe('2024-04');
  });

  it('the other way in America/New_York: November 2024 has 721 hours', () => {
    const november = monthBoundsIn('2024-11', '2024-12', 'America/New_York');
    expect(november).toEqual({ from: '2024-11-01T04:00:00.000Z', to: '2024-12-01T05:00:00.000Z' });
  });

  it('a date range includes both days: 10–31 March in Paris', () => {
    expect([dayStartIn('2024-03-10', 'Europe/Paris'), dayStartIn('2024-03-31', 'Europe/Paris', true)]).toEqual(['2024-03-09T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
  });

  it('a day whose midnight does not exist starts when the clocks jump (America/Santiago, 2024-09-08)', () => {
    expect(dayStartIn('2024-09-08', 'America/Santiago')).toBe('2024-09-08T04:00:00.000Z');
    expect(monthOf('2024-09-08T04:00:00.000Z', 'America/Santiago')).toBe('2024-09');
  });

  it('a zone Intl does not know (history older than zone validation) counts in UTC, as its months do', () => {
    expect(monthBoundsIn('2024-03', '2024-04', 'Mars/Olympus_Mons')).toEqual(monthBoundsIn('2024-03', '2024-04', 'UTC'));
    expect(monthOf('2024-02-29T23:30:00Z', 'Mars/Olympus_Mons')).toBe('2024-02');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => dayStartIn('2024-02-30', 'UTC')).toThrow(RangeError);
    expect(() => dayStartIn('2024-3-1', 'UTC')).toThrow(RangeError);
  });
});
