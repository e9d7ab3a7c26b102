import type { ExpectedRevision } from './event-store';

/** Another writer got there first: the stream is not at the revision the caller expected. */
export class ConcurrencyError extends Error {
  readonly code = 'EVENT_STORE.CONCURRENCY';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream' when it does not exist. */
    readonly actual: number | 'no_stream',
    detail?: string,
  ) {
    super(
      `stream "${stream}" is at revision ${String(actual)}, expected ${String(expected)}` + (detail ? `: ${detail}` : ''),
    );
    this.name = 'ConcurrencyError';
  }
}

/** An event id that is already stored in another stream or at another position. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(readonly stream: string, readonly eventIds: readonly string[]) {
    super(`event ids already recorded elsewhere, not re-appended to "${stream}": ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot be reached right now; the operation may be retried. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * An event of the append carries an idempotency key that a stored event already holds: the fact is
 * recorded already, and nothing of this append was written. `existingEventId` names the event that
 * holds `key` (read it with readByIdempotencyKey for the first result).
 */
export class IdempotencyKeyTakenError extends Error {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_KEY_TAKEN';
  constructor(readonly stream: string, readonly key: string, readonly existingEventId: string) {
    super(`idempotency key "${key}" is already held by event ${existingEventId}; nothing appended to "${stream}"`);
    this.name = 'IdempotencyKeyTakenError';
  }
}
