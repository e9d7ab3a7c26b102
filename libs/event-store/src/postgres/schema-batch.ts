/**
 * Migration 4: es_append_batch moves the usual appends of a batch together. Measured under batches of
 * call ends (pg_stat_statements, 2026-12-01): es_append_batch took ~0.75 ms per append inside the
 * server, one es_append call each (a key look-up, an UPDATE, an INSERT, array slices). Now the appends
 * at a known revision (>= 0) with events, in a batch of distinct streams where no key is taken yet,
 * are done in three statements for the whole batch: lock the batch's streams in one order (byte order,
 * as the adapter sorts them), move every stream that is at its expected revision, insert all their
 * events. Every other append of the batch (a new stream, 'any', a conflict, a retry of an append that
 * committed, no events) goes through es_append one by one, exactly as before, in the same transaction.
 * A batch with a key already taken goes one by one entirely (es_append answers 'duplicate_key').
 * An id stored elsewhere or a key taken meanwhile meets a unique index, as es_append's own fast path
 * does: the batch fails as a whole and the adapter sends each append again alone (GroupCommit).
 */
export const V4_APPEND_BATCH_TOGETHER = `
CREATE OR REPLACE FUNCTION es_append_batch(
  p_streams text[], p_expected bigint[], p_counts integer[],
  p_ids uuid[], p_types text[], p_versions integer[], p_data json[], p_metadata json[], p_keys text[] DEFAULT NULL
) RETURNS TABLE (out_index integer, out_status text, out_revision bigint, out_transaction_ids text[], out_global_positions text[],
                 out_key text, out_existing text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_n integer := coalesce(cardinality(p_streams), 0);
  v_from integer := 1; -- where the current append's events start in the flattened arrays
  v_to integer;
  v_done boolean[] := array_fill(false, ARRAY[greatest(v_n, 1)]);
  v_before integer[]; -- per append: how many events of the batch come before its own
  v_owner integer[];  -- per event: the append it belongs to
  v_ord integer;
BEGIN
  IF v_n > 1
     AND (SELECT count(DISTINCT s) FROM unnest(p_streams) s) = v_n
     AND NOT (p_keys IS NOT NULL AND EXISTS (
       SELECT 1 FROM es_events e WHERE e.idempotency_key = ANY (p_keys) AND e.idempotency_key IS NOT NULL)) THEN
    PERFORM 1 FROM es_streams s WHERE s.stream_id = ANY (p_streams) ORDER BY s.stream_id COLLATE "C" FOR UPDATE;
    FOR v_ord IN
      UPDATE es_streams s SET revision = r.expected + r.cnt
        FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS r(stream, expected, cnt, ord)
       WHERE s.stream_id = r.stream AND r.expected >= 0 AND r.cnt > 0 AND s.revision = r.expected
      RETURNING r.ord::integer
    LOOP
      v_done[v_ord] := true;
    END LOOP;
    IF true = ANY (v_done) THEN
      v_before := ARRAY(SELECT (sum(u.cnt) OVER (ORDER BY u.ord) - u.cnt)::integer
                          FROM unnest(p_counts) WITH ORDINALITY AS u(cnt, ord) ORDER BY u.ord);
      v_owner := ARRAY(SELECT u.ord::integer FROM unnest(p_counts) WITH ORDINALITY AS u(cnt, ord), generate_series(1, u.cnt) AS g(k)
                         ORDER BY u.ord, g.k);
      RETURN QUERY
        WITH r AS (
          SELECT r.stream, r.expected, r.cnt, r.ord::integer AS ord
            FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS r(stream, expected, cnt, ord)
           WHERE v_done[r.ord]
        ), inserted AS (
          INSERT INTO es_events (stream_id, stream_revision, event_id, type, schema_version, data, metadata, idempotency_key)
          SELECT r.stream, r.expected + (e.ord - v_before[r.ord]), e.id, e.type, e.version, e.data, e.metadata, e.key
            FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_keys) WITH ORDINALITY AS e(id, type, version, data, metadata, key, ord)
            JOIN r ON r.ord = v_owner[e.ord]
           ORDER BY e.ord -- positions in the order of the events, as one append at a time gives them
          RETURNING stream_id, stream_revision, transaction_id, global_position
        )
        SELECT r.ord - 1, 'ok'::text, r.expected + r.cnt,
               array_agg(i.transaction_id::text ORDER BY i.stream_revision), array_agg(i.global_position::text ORDER BY i.stream_revision),
               NULL::text, NULL::text
          FROM inserted i JOIN r ON r.stream = i.stream_id
         GROUP BY r.ord, r.expected, r.cnt;
    END IF;
  END IF;

  FOR i IN 1 .. v_n LOOP
    v_to := v_from + p_counts[i] - 1;
    IF NOT v_done[i] THEN
      SELECT i - 1, a.out_status, a.out_revision, a.out_transaction_ids, a.out_global_positions, a.out_key, a.out_existing
        INTO out_index, out_status, out_revision, out_transaction_ids, out_global_positions, out_key, out_existing
        FROM es_append(p_streams[i], p_expected[i], p_ids[v_from:v_to], p_types[v_from:v_to],
                       p_versions[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to], p_keys[v_from:v_to]) a;
      RETURN NEXT;
    END IF;
    v_from := v_to + 1;
  END LOOP;
END
$fn$;
`;
