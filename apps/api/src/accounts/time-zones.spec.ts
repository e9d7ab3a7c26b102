import { canonicalTimeZones } from '@billing/domain';
import { ProblemError } from '../http/problem';
import { TimeZones } from './time-zones';

describe('TimeZones: the domain\'s rule and the database\'s names, both', () => {
  // As a PostgreSQL whose tzdata lacks a zone ICU has (or keeps one tzdata dropped): neither half alone is enough.
  const zones: TimeZones = new TimeZones(new Set(['UTC', 'Europe/Paris', 'US/Pacific-New', 'Etc/GMT+5']));

  it('accepts a canonical name the database knows', () => {
    expect(zones.accepts('UTC')).toBe(true);
    expect(zones.accepts('Europe/Paris')).toBe(true);
  });

  it('refuses a canonical name the database does not know, and a database name the domain refuses', () => {
    expect(canonicalTimeZones().has('Asia/Tokyo')).toBe(true);
    expect(zones.accepts('Asia/Tokyo')).toBe(false);
    expect(zones.accepts('US/Pacific-New')).toBe(false);
    expect(zones.accepts('Etc/GMT+5')).toBe(false);
  });

  it('answers a refusal as 400 VALIDATION.FAILED naming the request\'s field', () => {
    let error: unknown;
    try {
      zones.require('Asia/Tokyo', 'timezone');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION.FAILED', errors: [expect.objectContaining({ field: 'timezone' })] });
  });
});
