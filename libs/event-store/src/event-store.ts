import type { Position } from './position';

/** Who or what caused an event, carried with it for audits and for tracing. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: { id: string; role?: string };
  [key: string]: unknown;
}

export interface EventToAppend<Type extends string = string, Data = Record<string, unknown>> {
  /** A uuid. Derive it from the command (not at random) so that a retried append is idempotent. */
  id: string;
  type: Type;
  /** Version of the event's JSON schema; 1 when omitted. */
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
  /**
   * A fact this event records once in the whole store, ever (e.g. `call:<account>:<call id>`): an append
   * with an event whose key another stored event already holds is refused as a whole with an
   * IdempotencyKeyTakenError naming that event, however long ago it was written. Keys are unique
   * within an append too. An append with keys must say where it goes: a revision or 'no_stream'.
   */
  idempotencyKey?: string;
}

export interface RecordedEvent<Type extends string = string, Data = Record<string, unknown>> {
  id: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  /** 0 for a stream's first event. */
  streamRevision: number;
  position: Position;
  recordedAt: Date;
}

/**
 * What the caller believes about the stream before appending:
 * 'no_stream' — it must not exist; 'stream_exists' — it must; 'any' — no check;
 * a number — the revision of its last event.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

/** One stream's append among several (see EventStore.appendToStreams). */
export interface StreamAppend {
  stream: string;
  events: readonly EventToAppend[];
  options: AppendOptions;
}

/** What appendToStream would have returned for that append, or what it would have thrown. */
export type StreamAppendOutcome = { result: AppendResult } | { error: unknown };

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  nextRevision: number;
  /** The position of each appended event, in the order given. */
  positions: Position[];
}

export interface ReadStreamOptions {
  /** Forwards: the first revision to read (default 0). Backwards: the last (default: the end). */
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

export interface EventFilter {
  /** Only these event types. */
  eventTypes?: readonly string[];
  /** Only streams whose id starts with one of these prefixes. */
  streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** A checkpoint: events strictly after it are returned. Default: from the beginning. */
  fromPosition?: Position;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** A checkpoint: the subscription delivers events strictly after it. Default: from the beginning. */
  fromPosition?: Position;
  filter?: EventFilter;
  /** Aborting ends the iteration cleanly, as does leaving a `for await` loop. */
  signal?: AbortSignal;
  /**
   * Caught up and woken by a new append, wait this long before reading, so that the events of the
   * appends meanwhile come in one read (default 0). For followers that would rather take events in
   * batches than one by one (projections, process managers). A hint: an adapter that pushes events
   * (EventStoreDB) delivers them as they come.
   */
  gatherMs?: number;
}

/**
 * Keys for events written before the application gave them any: `keyOf` derives a stored event's key
 * (or undefined) exactly as new appends do. `name` records that it ran (a new rule gets a new name).
 */
export interface KeyBackfill {
  name: string;
  eventTypes: readonly string[];
  keyOf(event: { type: string; schemaVersion: number; data: Record<string, unknown> }): string | undefined;
}

export interface KeyBackfillResult {
  /** Events that got their key now. */
  keyed: number;
  /** Events whose key an earlier event holds already (it keeps it). */
  skipped: number;
  /** It had run to the end before: nothing was read. */
  alreadyDone: boolean;
}

/**
 * The port every adapter implements (PostgreSQL by default, EventStoreDB when configured).
 * Guarantees: appends are atomic per call; readAll and subscribeToAll return every event once,
 * in one total order consistent with each stream's order, and never skip an event whose
 * transaction commits late. On PostgreSQL an event becomes visible to readAll and subscribers
 * once every write transaction that began before it committed has ended (usually milliseconds);
 * readStream sees it at once.
 */
export interface EventStore {
  appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Several appends at once, each as appendToStream would make it alone: all or nothing with its own
   * expectation, and its own outcome (a conflict or a taken key on one never fails the others). The
   * outcomes come in the order of the appends. The PostgreSQL adapter hands them to its group commit
   * together, so that they share transactions instead of trickling in one by one.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The event that holds this idempotency key, or undefined: one indexed look-up, at any age. */
  readByIdempotencyKey(key: string): Promise<RecordedEvent | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Gives events written before keys existed theirs; at start-up, before serving. Safe to run twice. */
  backfillIdempotencyKeys(backfill: KeyBackfill): Promise<KeyBackfillResult>;
  /** Catches up from the position, then follows new events live until the caller stops. */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** The position of the last event a subscriber could read now, or undefined when the store is empty. */
  headPosition(): Promise<Position | undefined>;
  close(): Promise<void>;
}
