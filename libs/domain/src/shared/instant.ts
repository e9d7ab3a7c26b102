/**
 * Instants arrive as ISO-8601 strings with an explicit offset (`Z` or `±hh:mm`); the domain never reads
 * a clock. Calendar months are computed in the account's IANA time zone with Intl, which is pure.
 */
export type Instant = string;
/** A calendar month in the account's time zone, `YYYY-MM`. */
export type MonthKey = string;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isInstant(value: unknown): value is Instant {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** Milliseconds since the epoch, to compare instants written with different offsets. */
export function instantMillis(instant: Instant): number {
  const millis = Date.parse(instant);
  if (!ISO_INSTANT.test(instant) || Number.isNaN(millis)) throw new RangeError(`Not an ISO-8601 instant: ${instant}`);
  return millis;
}

// Building a DateTimeFormat is slow (~tens of µs) and evolve calls monthOf per call, so keep one per zone.
const monthFormats: Record<string, Intl.DateTimeFormat> = {};

function monthFormat(timeZone: string): Intl.DateTimeFormat {
  const cached = monthFormats[timeZone];
  if (cached) return cached;
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
  monthFormats[timeZone] = format;
  return format;
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    monthFormat(value);
    return true;
  } catch {
    return false;
  }
}

/** The calendar month an instant falls in, seen from `timeZone`. */
export function monthOf(instant: Instant, timeZone: string): MonthKey {
  const date = new Date(instantMillis(instant));
  // UTC, every account's default, needs no calendar lookup (formatToParts costs ~10 µs, several per call).
  if (timeZone === 'UTC') return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  const parts = monthFormat(timeZone).formatToParts(date);
  const year = parts.find((part) => part.type === 'year')?.value ?? '';
  const month = parts.find((part) => part.type === 'month')?.value ?? '';
  return `${year.padStart(4, '0')}-${month}`;
}

/** `addMonths('2024-01', -2)` → `'2023-11'`. */
export function addMonths(month: MonthKey, delta: number): MonthKey {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + delta;
  const newYear = Math.floor(index / 12);
  return `${String(newYear).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
