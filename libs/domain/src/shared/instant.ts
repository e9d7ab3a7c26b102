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

// Building a DateTimeFormat is slow (~tens of µs) and evolve calls monthOf per call, so keep one per zone
// (undefined: Intl cannot compute in it). A Map: a stored zone named "__proto__" must stay a plain key.
const monthFormats = new Map<string, Intl.DateTimeFormat | undefined>();

function monthFormat(timeZone: string): Intl.DateTimeFormat | undefined {
  if (monthFormats.has(timeZone)) return monthFormats.get(timeZone);
  let format: Intl.DateTimeFormat | undefined;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
  } catch {
    format = undefined;
  }
  monthFormats.set(timeZone, format);
  return format;
}

/**
 * IANA's current spellings of zones that ICU (and so Intl.supportedValuesOf in Node 20) still lists under
 * their older ids (Asia/Kolkata vs Asia/Calcutta): zone.tab minus ICU's list, 19 names, one-to-one renames.
 * Browsers and servers report these; refusing them would refuse India, Ukraine, Vietnam, Nepal, …
 */
const IANA_SPELLINGS_OF_ICU_ZONES = [
  'Africa/Asmara', 'America/Argentina/Buenos_Aires', 'America/Argentina/Catamarca', 'America/Argentina/Cordoba', 'America/Argentina/Jujuy',
  'America/Argentina/Mendoza', 'America/Atikokan', 'America/Indiana/Indianapolis', 'America/Kentucky/Louisville', 'America/Nuuk',
  'Asia/Ho_Chi_Minh', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Yangon', 'Atlantic/Faroe', 'Europe/Kyiv', 'Pacific/Chuuk', 'Pacific/Kanton',
  'Pacific/Pohnpei',
];

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * The names an account may be opened in: UTC (every account's default) and the canonical location names,
 * i.e. ICU's list plus the IANA spellings above, each only if this runtime's Intl can compute a month in it.
 * Not accepted although Intl would resolve them: links and legacy names (US/Pacific, US/Pacific-New, EST,
 * GMT, Etc/GMT+5 — whose sign is inverted, POSIX style — Etc/UTC), other casings (europe/paris), offsets.
 * PostgreSQL's zone database can differ from ICU's: the API also checks pg_timezone_names (see the API's
 * TimeZones), so a name accepted here is not, by itself, one every layer accepts.
 */
export function canonicalTimeZones(): ReadonlySet<string> {
  canonicalZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), ...IANA_SPELLINGS_OF_ICU_ZONES].filter(computable));
  return canonicalZones;
}

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && canonicalTimeZones().has(value);
}

function computable(timeZone: string): boolean {
  return monthFormat(timeZone) !== undefined;
}

/**
 * The calendar month an instant falls in, seen from `timeZone`. A zone Intl cannot compute in can only
 * come from history written before zones were validated (decide refuses it since): its months are UTC's,
 * the documented default, so that account keeps billing and every view (lists included) agrees on its month.
 */
export function monthOf(instant: Instant, timeZone: string): MonthKey {
  const date = new Date(instantMillis(instant));
  // UTC, every account's default, needs no calendar lookup (formatToParts costs ~10 µs, several per call).
  const format = timeZone === 'UTC' ? undefined : monthFormat(timeZone);
  if (!format) return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  const parts = format.formatToParts(date);
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
