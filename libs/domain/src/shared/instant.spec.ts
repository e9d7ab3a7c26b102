import fc from 'fast-check';
import { canonicalTimeZones, isTimeZone, monthOf } from './instant';

describe('monthOf', () => {
  it('in UTC (computed without a calendar lookup) agrees with the calendar of an equivalent zone name', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const instant = date.toISOString();
        expect(monthOf(instant, 'UTC')).toBe(monthOf(instant, 'Etc/UTC'));
      }),
    );
  });

  it('counts an instant at the last millisecond of a month in that month, and one with an offset by its UTC instant', () => {
    expect(monthOf('2024-01-31T23:59:59.999Z', 'UTC')).toBe('2024-01');
    expect(monthOf('2024-02-01T00:00:00Z', 'UTC')).toBe('2024-02');
    expect(monthOf('2024-02-01T00:30:00+01:00', 'UTC')).toBe('2024-01');
    expect(monthOf('2024-02-01T00:30:00+01:00', 'Europe/Berlin')).toBe('2024-02');
  });

  it('counts in UTC, the default, for a stored zone Intl cannot compute in (written before zones were validated)', () => {
    for (const stored of ['Foo/Bar', '__proto__', 'constructor', '+01:00', '']) {
      expect(monthOf('2024-01-31T23:30:00Z', stored)).toBe('2024-01');
      expect(monthOf('2024-02-01T00:30:00+01:00', stored)).toBe('2024-01');
    }
    expect(monthOf('2024-01-31T23:30:00Z', 'Europe/Berlin')).toBe('2024-02');
  });
});

describe('isTimeZone: canonical IANA names only, the rule every layer applies', () => {
  it('accepts UTC (the default), ICU\'s canonical names and IANA\'s newer spellings of them', () => {
    for (const name of ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Tokyo', 'America/North_Dakota/New_Salem', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv']) {
      expect([name, isTimeZone(name)]).toEqual([name, true]);
    }
    // Every canonical name is one Intl computes months in, and none of them is a link outside the regions.
    for (const name of canonicalTimeZones()) {
      expect(() => monthOf('2024-02-01T00:00:00Z', name)).not.toThrow();
      expect(name === 'UTC' || /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//.test(name)).toBe(true);
    }
  });

  it('refuses aliases Intl would resolve (US/…, Etc/…, EST, GMT), other casings, offsets and odd values', () => {
    const refused = [
      'US/Pacific-New', 'US/Pacific', 'Etc/GMT+5', 'Etc/UTC', 'EST', 'GMT', 'Z', 'utc', 'europe/paris', 'Europe/paris', 'Australia/NSW',
      '+01:00', 'UTC+1', 'Foo/Bar', 'Mars/Olympus', '', ' Europe/Paris', 'Europe/Paris\u0000', 'x'.repeat(300), 'Europe/../Paris',
      'posixrules', 'posix/Europe/Paris', 'localtime', '__proto__', 'constructor', 'toString',
    ];
    for (const name of refused) expect([name, isTimeZone(name)]).toEqual([name, false]);
    for (const value of [undefined, null, 1, {}, [], ['UTC']]) expect(isTimeZone(value)).toBe(false);
  });
});
