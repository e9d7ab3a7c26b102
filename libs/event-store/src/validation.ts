import type { EventToAppend, ExpectedRevision } from './event-store';

/**
 * In UTF-8 bytes: room for `<kind>:<account id, percent-encoded>:<id>` with 200-character ids, and well
 * under what one PostgreSQL B-tree index entry may hold (~2,700 bytes).
 */
export const MAX_KEY_BYTES = 1_536;
const utf8 = new TextEncoder();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejects a malformed append before it reaches any adapter, with a message that names the field. */
export function validateAppend(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > 256) {
    throw new TypeError('stream must be a non-empty string of at most 256 characters');
  }
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new TypeError(`expectedRevision must be 'no_stream', 'stream_exists', 'any' or a revision >= 0, got ${expected}`);
  }
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const [i, event] of events.entries()) {
    if (!UUID.test(event.id)) throw new TypeError(`events[${i}].id must be a uuid, got "${event.id}"`);
    if (ids.has(event.id.toLowerCase())) throw new TypeError(`events[${i}].id ${event.id} appears twice in one append`);
    ids.add(event.id.toLowerCase());
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError(`events[${i}].type must be a non-empty string`);
    const version = event.schemaVersion ?? 1;
    if (!Number.isInteger(version) || version < 1) throw new TypeError(`events[${i}].schemaVersion must be an integer >= 1`);
    if (event.data === null || typeof event.data !== 'object') throw new TypeError(`events[${i}].data must be an object`);
    if (event.idempotencyKey !== undefined) {
      const key = event.idempotencyKey;
      if (typeof key !== 'string' || key.length === 0 || utf8.encode(key).length > MAX_KEY_BYTES || key.includes('\u0000')) {
        throw new TypeError(`events[${i}].idempotencyKey must be a non-empty string of at most ${MAX_KEY_BYTES} bytes (UTF-8), without NUL`);
      }
      if (keys.has(key)) throw new TypeError(`events[${i}].idempotencyKey "${key}" appears twice in one append`);
      keys.add(key);
    }
  }
  // Where the events go must be known: EventStoreDB claims a key for a position (see its adapter).
  if (keys.size > 0 && typeof expected !== 'number' && expected !== 'no_stream') {
    throw new TypeError(`an append with idempotency keys needs expectedRevision as a revision or 'no_stream', got '${expected}'`);
  }
}
