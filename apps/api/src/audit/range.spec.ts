import { dateOrInstant, InvalidRangeError, parseRange, parseUntil } from './range';

describe('date ranges for exports', () => {
  it('takes date-only bounds as whole UTC days, both included', () => {
    expect(parseRange('2024-03-01', '2024-03-31')).toEqual({ from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-04-01T00:00:00Z') });
  });

  it('takes instants as given', () => {
    expect(parseRange('2024-03-01T10:00:00+01:00', '2024-03-01T12:00:00Z')).toEqual({ from: new Date('2024-03-01T09:00:00Z'), to: new Date('2024-03-01T12:00:00Z') });
  });

  it('refuses missing, malformed, impossible and reversed bounds with a message that names them', () => {
    expect(() => parseRange(undefined, '2024-03-01')).toThrow(/from is required/);
    expect(() => parseRange('2024-02-30', '2024-03-01')).toThrow(/from: "2024-02-30" is not a calendar date/);
    expect(() => parseRange('2024-03-01', 'yesterday')).toThrow(InvalidRangeError);
    expect(() => parseRange('2024-03-02', '2024-03-01')).toThrow(/must be after/);
  });

  it('reads --until as an instant or the end of a day', () => {
    expect(parseUntil(undefined)).toBeUndefined();
    expect(parseUntil('2024-03-10')).toEqual(new Date('2024-03-11T00:00:00Z'));
    expect(() => parseUntil('10/03/2024')).toThrow(InvalidRangeError);
  });
});

describe("dates are the account's days, in its time zone (issue 20)", () => {
  it('March in Europe/Paris (a DST month) runs from 23:00Z on 29 February to 22:00Z on 31 March', () => {
    expect(parseRange('2024-03-01', '2024-03-31', 'Europe/Paris')).toEqual({ from: new Date('2024-02-29T23:00:00Z'), to: new Date('2024-03-31T22:00:00Z') });
    expect(parseUntil('2024-03-31', 'Europe/Paris')).toEqual(new Date('2024-03-31T22:00:00Z'));
  });

  it('ledger filter bounds: a date is its day in the zone (to: included), an instant is as given', () => {
    expect(dateOrInstant('2024-03-31', true, 'Europe/Paris')).toEqual(new Date('2024-03-31T22:00:00Z'));
    expect(dateOrInstant('2024-03-01', false, 'America/New_York')).toEqual(new Date('2024-03-01T05:00:00Z'));
    expect(dateOrInstant('2024-03-01T10:00:00Z', false, 'Europe/Paris')).toEqual(new Date('2024-03-01T10:00:00Z'));
    expect(dateOrInstant(undefined, false, 'UTC')).toBeUndefined();
  });
});
