/**
 * Migration 3: idempotency keys. A key names a fact that may be recorded once in the whole store,
 * ever (e.g. "call c-1 of account a-1 was billed"): a unique index refuses a second event with it, so
 * the guarantee lives in the store for as long as the events do, and the folded account state need not
 * remember every call it has seen. The index is partial (most events carry no key) and in the C
 * collation (byte order, independent of the server's locale).
 *
 * es_append and es_append_batch take the keys as one more array, aligned with the ids (NULL: no key),
 * DEFAULT NULL so that a caller of the old shape still works. A new status 'duplicate_key' answers an
 * append whose key is taken, naming the key and the event that holds it (out_key, out_existing).
 * Order of the checks: the append's own ids first (a retry of an append that did commit is its own first
 * result, 'duplicate'), then keys, then the revision. A key taken by a transaction that commits while
 * ours runs meets the unique index instead (an error); the adapter sends the append again and this time
 * the check answers 'duplicate_key'.
 */
export const V3_IDEMPOTENCY_KEYS = `
ALTER TABLE es_events ADD COLUMN idempotency_key text COLLATE "C";
CREATE UNIQUE INDEX es_events_idempotency_key ON es_events (idempotency_key) WHERE idempotency_key IS NOT NULL;

DROP FUNCTION es_append_batch(text[], bigint[], integer[], uuid[], text[], integer[], json[], json[]);
DROP FUNCTION es_append(text, bigint, uuid[], text[], integer[], json[], json[]);
DROP FUNCTION es_append_check(text, bigint, uuid[]);

CREATE FUNCTION es_append(
  p_stream text, p_expected bigint,
  p_ids uuid[], p_types text[], p_versions integer[], p_data json[], p_metadata json[], p_keys text[] DEFAULT NULL,
  OUT out_status text, OUT out_revision bigint, OUT out_transaction_ids text[], OUT out_global_positions text[],
  OUT out_key text, OUT out_existing text
) LANGUAGE plpgsql AS $fn$
DECLARE
  v_n integer := coalesce(cardinality(p_ids), 0);
  v_base bigint; -- the stream's revision before this append
  v_key_taken boolean := p_keys IS NOT NULL AND EXISTS (
    SELECT 1 FROM es_events e WHERE e.idempotency_key = ANY (p_keys) AND e.idempotency_key IS NOT NULL);
BEGIN
  IF v_key_taken THEN
    NULL; -- straight to the checks: a retry of our own append, or a key taken by another
  ELSIF p_expected >= 0 THEN
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
    SELECT c.out_status, c.out_revision, c.out_transaction_ids, c.out_global_positions, c.out_base, c.out_key, c.out_existing
      INTO out_status, out_revision, out_transaction_ids, out_global_positions, v_base, out_key, out_existing
      FROM es_append_check(p_stream, p_expected, p_ids, p_keys) c;
    IF out_status <> 'ok' THEN RETURN; END IF;
  END IF;

  WITH inserted AS (
    INSERT INTO es_events (stream_id, stream_revision, event_id, type, schema_version, data, metadata, idempotency_key)
    SELECT p_stream, v_base + i.ord, i.id, i.type, i.version, i.data, i.metadata, p_keys[i.ord]
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

CREATE FUNCTION es_append_check(
  p_stream text, p_expected bigint, p_ids uuid[], p_keys text[],
  OUT out_status text, OUT out_revision bigint, OUT out_transaction_ids text[], OUT out_global_positions text[],
  OUT out_base bigint, OUT out_key text, OUT out_existing text
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

  IF p_keys IS NOT NULL THEN
    SELECT e.idempotency_key, e.event_id::text INTO out_key, out_existing
      FROM es_events e WHERE e.idempotency_key = ANY (p_keys) AND e.idempotency_key IS NOT NULL
      ORDER BY e.global_position LIMIT 1;
    IF out_key IS NOT NULL THEN
      out_status := 'duplicate_key';
      RETURN;
    END IF;
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

CREATE FUNCTION es_append_batch(
  p_streams text[], p_expected bigint[], p_counts integer[],
  p_ids uuid[], p_types text[], p_versions integer[], p_data json[], p_metadata json[], p_keys text[] DEFAULT NULL
) RETURNS TABLE (out_index integer, out_status text, out_revision bigint, out_transaction_ids text[], out_global_positions text[],
                 out_key text, out_existing text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_from integer := 1; -- where the current append's events start in the flattened arrays
  v_to integer;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(p_streams), 0) LOOP
    v_to := v_from + p_counts[i] - 1;
    SELECT i - 1, a.out_status, a.out_revision, a.out_transaction_ids, a.out_global_positions, a.out_key, a.out_existing
      INTO out_index, out_status, out_revision, out_transaction_ids, out_global_positions, out_key, out_existing
      FROM es_append(p_streams[i], p_expected[i], p_ids[v_from:v_to], p_types[v_from:v_to],
                     p_versions[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to], p_keys[v_from:v_to]) a;
    RETURN NEXT;
    v_from := v_to + 1;
  END LOOP;
END
$fn$;
`;
