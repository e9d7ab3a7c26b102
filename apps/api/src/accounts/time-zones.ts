import type { Pool } from 'pg';
import { canonicalTimeZones, isTimeZone } from '@billing/domain';
import { ProblemError } from '../http/problem';
import type { JsonLogger } from '../logging/json-logger';

/**
 * The time zones an account may be opened in: the domain's rule (canonical IANA names, isTimeZone) and
 * this PostgreSQL's zone database, read once at start-up. The two can differ (ICU and the server's tzdata
 * are released separately; the embedded PostgreSQL 17 and a system PostgreSQL 15 do): a name one layer
 * knows and another does not is refused here, at the edge, so that it is never stored. The domain stays
 * pure (no I/O) and keeps its own check in decide; this adds the database's half before the domain runs.
 */
export class TimeZones {
  constructor(private readonly database: ReadonlySet<string>) {}

  static async load(pool: Pool, logger?: JsonLogger): Promise<TimeZones> {
    const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_timezone_names');
    const zones = new TimeZones(new Set(rows.map((row) => row.name)));
    const unknown = [...canonicalTimeZones()].filter((name) => !zones.database.has(name));
    if (unknown.length > 0) {
      logger?.entry('warn', 'time zones the domain accepts but this PostgreSQL does not know are refused', { count: unknown.length, examples: unknown.slice(0, 10) });
    }
    return zones;
  }

  accepts(name: unknown): name is string {
    return isTimeZone(name) && this.database.has(name);
  }

  /** A 400 naming the request's field (the DTO's name, e.g. `timezone`), like any other invalid field. */
  require(name: unknown, field: string): asserts name is string {
    if (this.accepts(name)) return;
    const message = `${field} must be a canonical IANA time zone name such as Europe/Paris or UTC (not an alias such as US/Pacific, an Etc/ name or an offset)`;
    throw new ProblemError(400, 'VALIDATION.FAILED', `${field}: ${message}`, [{ field, message }]);
  }
}
