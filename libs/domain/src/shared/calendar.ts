import type { Instant } from './instant';

/**
 * Calendar days and months as the account sees them, in its time zone (UTC unless set): the one home
 * of "a date range" for the ledger's filters, audit ranges and exports, like monthOf is for billing.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formats = new Map<string, Intl.DateTimeFormat | undefined>();
/** A zone Intl cannot compute in (only from history older than zone validation) counts as UTC, as in monthOf. */
function wallClock(timeZone: string): Intl.DateTimeFormat | undefined {
  if (!formats.has(timeZone)) {
    let format: Intl.DateTimeFormat | undefined;
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      format = undefined;
    }
    formats.set(timeZone, format);
  }
  return formats.get(timeZone);
}

/** How far the zone's wall clock is ahead of UTC at `millis`. */
function offsetAt(millis: number, timeZone: string): number {
  const format = timeZone === 'UTC' ? undefined : wallClock(timeZone);
  if (!format) return 0;
  const parts = Object.fromEntries(format.formatToParts(new Date(millis)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - (millis - (millis % 1000 + 1000) % 1000);
}

export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().slice(0, 10) === value;
}

/**
 * The instant a calendar date (YYYY-MM-DD) starts in `timeZone`: its local midnight, or where a DST
 * change skips midnight, the first instant that exists that day. `nextDay` gives the start of the day after.
 */
export function dayStartIn(date: string, timeZone: string, nextDay = false): Instant {
  const match = DATE.exec(date);
  if (!match || !isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  const midnightUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (nextDay ? 1 : 0));
  // Two passes: the offset at the guess, then at the instant it gives (they differ across a DST change).
  const first = midnightUtc - offsetAt(midnightUtc, timeZone);
  let start = midnightUtc - offsetAt(first, timeZone);
  // Midnight did not exist that day (clocks jumped past it): the day starts where the jump lands.
  if (start + offsetAt(start, timeZone) !== midnightUtc) start = first;
  return new Date(start).toISOString();
}
