import type { ExpectedRevision } from '../event-store';

/**
 * es_append's p_expected and its answers, named here once (the SQL functions in schema.ts and
 * schema-keys.ts are published migrations and keep their literals):
 *
 * | p_expected | meaning                                       |
 * |-----------:|-----------------------------------------------|
 * |     n >= 0 | the stream's last event is at revision n       |
 * |         -1 | `no_stream`: the stream has no event yet       |
 * |         -2 | `any`: whatever the stream holds               |
 * |         -3 | `stream_exists`: the stream has an event       |
 *
 * | out_status      | answer                                                                 |
 * |-----------------|------------------------------------------------------------------------|
 * | `ok`            | appended; out_revision is the stream's new last revision                |
 * | `duplicate`     | the same event ids at the same place: the first append's result again   |
 * | `conflict`      | another revision than expected, or other events at that place           |
 * | `duplicate_id`  | an event id is used elsewhere                                           |
 * | `duplicate_key` | an idempotency key is taken (out_key, out_existing name it and its event) |
 */
export const EXPECTED_CODES: Readonly<Record<Exclude<ExpectedRevision, number>, number>> = { no_stream: -1, any: -2, stream_exists: -3 };

/** The p_expected es_append takes for an expected revision. */
export function expectedCode(expected: ExpectedRevision): number {
  return typeof expected === 'number' ? expected : EXPECTED_CODES[expected];
}
