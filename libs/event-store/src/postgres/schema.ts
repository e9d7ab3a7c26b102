import type { MigrationSet } from './migrations';
import { V4_APPEND_BATCH_TOGETHER } from './schema-batch';
import { V3_IDEMPOTENCY_KEYS } from './schema-keys';

/**
 * The event store's schema. Positions are the pair (transaction_id, global_position): a sequence
 * number alone is not commit order, so readers only read transactions older than the oldest one
 * still running (see readAll in postgres-event-store.ts).
 */
const V1 = `
CREATE SEQUENCE es_global_position AS bigint;

CREATE TABLE es_streams (
  stream_id text PRIMARY KEY,
  revision  bigint NOT NULL  -- revision of the stream's last event; -1 while it has none
);

CREATE TABLE es_events (
  global_position bigint  NOT NULL DEFAULT nextval('es_global_position'),
  transaction_id  xid8    NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text    NOT NULL,
  stream_revision bigint  NOT NULL,
  event_id        uuid    NOT NULL,
  type            text    NOT NULL,
  schema_version  integer NOT NULL,
  -- json, not jsonb: the store never looks inside a payload, and jsonb must be re-serialised on
  -- every read (measured here: readAll 75k events/s with jsonb, 200k-300k/s with json). json also
  -- keeps each payload exactly as it was written, which is what an auditor wants to see.
  data            json    NOT NULL,
  metadata        json    NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, stream_revision),
  CONSTRAINT es_events_event_id_key UNIQUE (event_id)
);

-- Each readAll batch is a range scan on this index, never a sort of the table.
CREATE INDEX es_events_position ON es_events (transaction_id, global_position);

-- Appends in one round trip. p_expected: a revision (>= 0), -1 no stream, -2 any, -3 stream exists.
-- Status: 'ok', 'duplicate' (the same events at the same place: the first result), 'conflict'
-- (another revision than expected, or other events at that place), 'duplicate_id' (ids used elsewhere).
-- Fast path: when the expectation holds, one statement checks it and claims the revisions.
-- No pg_notify in here: PostgreSQL serialises the commits of notifying transactions behind one
-- lock, so every append would wait for the previous one's fsync. The store sends a coalesced
-- NOTIFY after the commit instead (PostgresEventStore.announce).
CREATE FUNCTION es_append(
  p_stream text, p_expected bigint,
  p_ids uuid[], p_types text[], p_versions integer[], p_data json[], p_metadata json[],
  OUT out_status text, OUT out_revision bigint, OUT out_transaction_ids text[], OUT out_global_positions text[]
) LANGUAGE plpgsql AS $fn$
DECLARE
  v_n integer := coalesce(cardinality(p_ids), 0);
  v_base bigint; -- the stream's revision before this append
BEGIN
  IF p_expected >= 0 THEN
    UPDATE es_streams SET revision = p_expected + v_n
      WHERE stream_id = p_stream AND revision = p_expected RETURNING p_expected INTO v_base;
  ELSIF p_expected = -1 THEN
    INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, v_n - 1)
      ON CONFLICT (stream_id) DO NOTHING RETURNING -1 INTO v_base;
  ELSIF NOT EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = ANY (p_ids)) THEN
    -- 'any' and 'stream_exists' never fail on the revision, so a retry is recognised by its ids first.
    UPDATE es_streams SET revision = revision + v_n
      WHERE stream_id = p_stream AND (p_expected = -2 OR revision >= 0) RETURNING revision - v_n INTO v_base;
    IF v_base IS NULL AND p_expected = -2 THEN
      INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, v_n - 1)
        ON CONFLICT (stream_id) DO NOTHING RETURNING -1 INTO v_base;
    END IF;
  END IF;

  IF v_base IS NULL THEN
    SELECT c.out_status, c.out_revision, c.out_transaction_ids, c.out_global_positions, c.out_base
      INTO out_status, out_revision, out_transaction_ids, out_global_positions, v_base
      FROM es_append_check(p_stream, p_expected, p_ids) c;
    IF out_status <> 'ok' THEN RETURN; END IF;
  END IF;

  WITH inserted AS (
    INSERT INTO es_events (stream_id, stream_revision, event_id, type, schema_version, data, metadata)
    SELECT p_stream, v_base + i.ord, i.id, i.type, i.version, i.data, i.metadata
      FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata)
           WITH ORDINALITY AS i(id, type, version, data, metadata, ord)
    RETURNING transaction_id, global_position, stream_revision
  )
  SELECT coalesce(array_agg(ins.transaction_id::text ORDER BY ins.stream_revision), ARRAY[]::text[]),
         coalesce(array_agg(ins.global_position::text ORDER BY ins.stream_revision), ARRAY[]::text[])
    INTO out_transaction_ids, out_global_positions
    FROM inserted ins;
  out_status := 'ok';
  out_revision := v_base + v_n;
END
$fn$;

-- The slow path: lock the stream, then tell a retry (same ids, same place) from a conflict.
-- On 'ok' it has claimed the revisions after out_base; the caller inserts the events.
CREATE FUNCTION es_append_check(
  p_stream text, p_expected bigint, p_ids uuid[],
  OUT out_status text, OUT out_revision bigint, OUT out_transaction_ids text[], OUT out_global_positions text[],
  OUT out_base bigint
) LANGUAGE plpgsql AS $fn$
DECLARE
  v_current bigint;
  v_n integer := coalesce(cardinality(p_ids), 0);
  v_found integer;
  v_same_place boolean;
  v_elsewhere boolean;
  v_in_order boolean;
  v_first bigint;
BEGIN
  INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, -1) ON CONFLICT (stream_id) DO NOTHING;
  SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  out_revision := v_current;

  IF v_n > 0 AND EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = ANY (p_ids)) THEN
    SELECT count(*), min(e.stream_revision), bool_and(e.stream_id = p_stream), bool_or(e.stream_id <> p_stream)
      INTO v_found, v_first, v_same_place, v_elsewhere
      FROM unnest(p_ids) WITH ORDINALITY AS i(id, ord) JOIN es_events e ON e.event_id = i.id;
    SELECT bool_and(e.stream_revision = v_first + i.ord - 1) INTO v_in_order
      FROM unnest(p_ids) WITH ORDINALITY AS i(id, ord) JOIN es_events e ON e.event_id = i.id;
    IF v_found = v_n AND v_same_place AND v_in_order AND (p_expected < -1 OR v_first = p_expected + 1) THEN
      out_status := 'duplicate';
      out_revision := v_first + v_n - 1;
      SELECT array_agg(e.transaction_id::text ORDER BY e.stream_revision),
             array_agg(e.global_position::text ORDER BY e.stream_revision)
        INTO out_transaction_ids, out_global_positions
        FROM es_events e WHERE e.stream_id = p_stream AND e.stream_revision BETWEEN v_first AND v_first + v_n - 1;
    ELSE
      out_status := CASE WHEN v_elsewhere THEN 'duplicate_id' ELSE 'conflict' END;
    END IF;
    RETURN;
  END IF;

  IF (p_expected >= 0 AND v_current <> p_expected)
     OR (p_expected = -1 AND v_current <> -1)
     OR (p_expected = -3 AND v_current = -1) THEN
    out_status := 'conflict';
    RETURN;
  END IF;
  UPDATE es_streams SET revision = v_current + v_n WHERE stream_id = p_stream;
  out_status := 'ok';
  out_base := v_current;
END
$fn$;
`;

/**
 * Group commit: the appends of concurrent commands in one transaction, one round trip and one WAL
 * flush. Each append is es_append with its own expectation and its own status, so a conflict on one
 * stream is that append's answer, not the batch's. out_index is the append's place in the arrays.
 * An error (an event id used by another stream meets the unique index, a deadlock between two
 * instances) aborts the whole batch; the store then sends each append on its own (GroupCommit).
 */
const V2 = `
CREATE FUNCTION es_append_batch(
  p_streams text[], p_expected bigint[], p_counts integer[],
  p_ids uuid[], p_types text[], p_versions integer[], p_data json[], p_metadata json[]
) RETURNS TABLE (out_index integer, out_status text, out_revision bigint, out_transaction_ids text[], out_global_positions text[])
LANGUAGE plpgsql AS $fn$
DECLARE
  v_from integer := 1; -- where the current append's events start in the flattened arrays
  v_to integer;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(p_streams), 0) LOOP
    v_to := v_from + p_counts[i] - 1;
    SELECT i - 1, a.out_status, a.out_revision, a.out_transaction_ids, a.out_global_positions
      INTO out_index, out_status, out_revision, out_transaction_ids, out_global_positions
      FROM es_append(p_streams[i], p_expected[i], p_ids[v_from:v_to], p_types[v_from:v_to],
                     p_versions[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to]) a;
    RETURN NEXT;
    v_from := v_to + 1;
  END LOOP;
END
$fn$;
`;

export const EVENT_STORE_MIGRATIONS: MigrationSet = {
  table: 'es_migrations',
  lockKey: 7_324_001,
  migrations: [
    { version: 1, name: 'events, streams and the append function', sql: V1 },
    { version: 2, name: 'group commit: several appends in one transaction', sql: V2 },
    { version: 3, name: 'idempotency keys: facts recorded once in the whole store', sql: V3_IDEMPOTENCY_KEYS },
    { version: 4, name: 'group commit: the usual appends of a batch in three statements', sql: V4_APPEND_BATCH_TOGETHER },
  ],
};

export const NOTIFY_CHANNEL = 'es_events';
