import { dayStartIn, isCalendarDate } from '@billing/domain';

/** A half-open interval of instants [from, to). */
export interface InstantRange {
  from: Date;
  to: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRangeError';
  }
}

/**
 * `--from 2024-03-01 --to 2024-03-31` means March, both days included: a date-only `to` runs to the end
 * of that day, which is what a person asking for "to the 31st" expects. Days are the account's, in its
 * time zone (the domain's dayStartIn; UTC unless set). Instants are taken as given.
 */
export function parseRange(from: string | undefined, to: string | undefined, timeZone = 'UTC'): InstantRange {
  const start = parseBound('from', from, false, timeZone);
  const end = parseBound('to', to, true, timeZone);
  if (end.getTime() <= start.getTime()) throw new InvalidRangeError(`"to" (${to}) must be after "from" (${from})`);
  return { from: start, to: end };
}

function parseBound(name: string, value: string | undefined, endOfDay: boolean, timeZone: string): Date {
  if (!value) throw new InvalidRangeError(`${name} is required (a date like 2024-03-01 or an ISO-8601 instant)`);
  if (DATE.test(value)) {
    if (!isCalendarDate(value)) throw new InvalidRangeError(`${name}: "${value}" is not a calendar date`);
    return new Date(dayStartIn(value, timeZone, endOfDay));
  }
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new InvalidRangeError(`${name}: "${value}" is not a date (YYYY-MM-DD) or an ISO-8601 instant with an offset`);
}

/** `--until`/`?until=`: an instant, or a date meaning the end of that day (in `timeZone`). */
export function parseUntil(value: string | undefined, timeZone = 'UTC'): Date | undefined {
  return value === undefined || value === '' ? undefined : parseBound('until', value, true, timeZone);
}

/** A ledger filter bound: an instant as given, or a date (the start of that day; `to`: of the next) in `timeZone`. */
export function dateOrInstant(value: string | undefined, endOfDay: boolean, timeZone: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  return isCalendarDate(value) ? new Date(dayStartIn(value, timeZone, endOfDay)) : new Date(value);
}
