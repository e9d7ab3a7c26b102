import fc from 'fast-check';
import { monthOf } from './instant';

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
});
