import { randomUUID } from 'node:crypto';
import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, WrongExpectedVersionError,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type {
  AppendOptions, KeyBackfill, KeyBackfillResult, AppendResult, EventStore, EventToAppend, ReadAllOptions, ReadStreamOptions, RecordedEvent,
  StreamAppend, StreamAppendOutcome, SubscribeOptions,
} from '../event-store';
import { ConcurrencyError } from '../errors';
import type { Position } from '../position';
import { validateAppend } from '../validation';
import { toEventData, toRecordedEvent } from './events';
import { claimKeys, type ClaimIo, claimStored, holderOf } from './idempotency-claims';
import { toStoreError } from './failures';
import { lastEventPosition, readAllForwards, type PageReader } from './read-all';
import { satisfiesExpected, toClientExpectedRevision, toConcurrencyError } from './revisions';
import { followAll, type SubscriptionTuning } from './subscription';

/**
 * The EventStore port on EventStoreDB / KurrentDB (selected by EVENTSTORE_CONNECTION_STRING).
 * Stream revisions and `$all` positions are the server's own; our event ids are sent as the
 * server's event ids, so re-appending the same events at the same place is an idempotent success.
 */
export class EventStoreDBEventStore implements EventStore {
  /** Ends every subscription on close(): otherwise they would take the closed client's end for an outage and re-subscribe. */
  private readonly closing = new AbortController();

  constructor(readonly client: EventStoreDBClient, private readonly tuning: SubscriptionTuning = {}) {}

  /** e.g. `esdb://localhost:2113?tls=false`. The client connects lazily, on the first call. */
  static connect(connectionString: string, tuning?: SubscriptionTuning): EventStoreDBEventStore {
    return new EventStoreDBEventStore(EventStoreDBClient.connectionString(connectionString), tuning);
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedRevision;
    validateAppend(stream, events, expected);
    if (events.length === 0) return this.appendNothing(stream, expected);
    if (events.some((e) => e.idempotencyKey !== undefined)) await claimKeys(this.claims, stream, events, expected);
    let nextRevision: number;
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toClientExpectedRevision(expected),
      });
      nextRevision = Number(result.nextExpectedRevision);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw toConcurrencyError(stream, expected, error);
      throw toStoreError(error, 'append');
    }
    return { nextRevision, positions: await this.positionsOf(stream, events, nextRevision) };
  }

  /** One append after the other's start: EventStoreDB has no transaction across streams to share. */
  appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    return Promise.all(appends.map(({ stream, events, options }) =>
      this.appendToStream(stream, events, options).then((result) => ({ result }), (error: unknown) => ({ error }))));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const resolved = await this.collect('read stream', () =>
      this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      }),
    );
    return resolved.flatMap((r) => (r.event ? [toRecordedEvent(r.event)] : []));
  }

  /** See idempotency-claims.ts: the key's claim stream, then the place each claim names. */
  readByIdempotencyKey(key: string): Promise<RecordedEvent | undefined> {
    return holderOf(this.claims, key);
  }

  /**
   * Claims the keys of events written before keys existed, reading $all once (filtered by type); a
   * marker stream records that it ran to the end. Two processes at once are safe: claims are
   * compare-and-set, and a claim for the event that already holds it is recognised as such.
   */
  async backfillIdempotencyKeys(backfill: KeyBackfill): Promise<KeyBackfillResult> {
    const marker = `idempotency-backfill-${backfill.name}`;
    if ((await this.readStream(marker, { maxCount: 1 })).length) return { keyed: 0, skipped: 0, alreadyDone: true };
    let keyed = 0;
    let skipped = 0;
    let fromPosition: Position | undefined;
    for (;;) {
      const page = await this.readAll({ fromPosition, maxCount: 1_000, filter: { eventTypes: backfill.eventTypes } });
      for (const event of page) {
        const key = backfill.keyOf(event);
        if (key === undefined) continue;
        if ((await claimStored(this.claims, event, key)) === 'claimed') keyed += 1;
        else skipped += 1;
      }
      if (page.length < 1_000) break;
      fromPosition = page[page.length - 1].position;
    }
    // 'any': another process finishing it too is fine (the next start-up reads the first marker).
    await this.appendToStream(marker, [{ id: randomUUID(), type: 'IdempotencyKeysBackfilled', data: { keyed, skipped } }], { expectedRevision: 'any' });
    return { keyed, skipped, alreadyDone: false };
  }

  private readonly claims: ClaimIo = {
    readClaims: (claimStream) => this.readStream(claimStream),
    appendClaim: async (claimStream, claim, expected) => {
      await this.appendToStream(claimStream, [claim], { expectedRevision: expected });
    },
    eventAt: async (stream, revision) => {
      const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const lastRevision = last ? last.streamRevision : -1;
      if (lastRevision < revision) return { event: undefined, lastRevision };
      const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
      return { event, lastRevision };
    },
  };

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAllForwards(this.pageReader(FORWARDS), options);
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    return followAll((fromPosition, filter) => this.client.subscribeToAll({ fromPosition, filter }), { ...options, signal }, this.tuning);
  }

  headPosition(): Promise<Position | undefined> {
    return lastEventPosition(this.pageReader(BACKWARDS));
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.client.dispose();
  }

  /**
   * The server answers an append with the stream's revision and one position that is not any
   * single event's (the commit position of the write), and with none at all for an idempotent
   * re-append. Every event's exact position is what callers store and compare, so we read the
   * appended revisions back: one more round trip, and the same answer on every retry.
   */
  private async positionsOf(stream: string, events: readonly EventToAppend[], nextRevision: number): Promise<Position[]> {
    const first = nextRevision - events.length + 1;
    const written = await this.readStream(stream, { fromRevision: first, maxCount: events.length });
    const ids = written.map((e) => e.id.toLowerCase());
    if (ids.length !== events.length || events.some((e, i) => e.id.toLowerCase() !== ids[i])) {
      throw new Error(`appended to "${stream}" but revisions ${first}..${nextRevision} hold other events`);
    }
    return written.map((e) => e.position);
  }

  /** A write of nothing only checks the expectation; the server would record no position for it. */
  private async appendNothing(stream: string, expected: AppendOptions['expectedRevision']): Promise<AppendResult> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const current = last ? last.streamRevision : -1;
    if (!satisfiesExpected(expected, current)) throw new ConcurrencyError(stream, expected, current < 0 ? 'no_stream' : current);
    return { nextRevision: current, positions: [] };
  }

  private pageReader(direction: typeof FORWARDS | typeof BACKWARDS): PageReader {
    return (fromPosition, maxCount) =>
      this.collect('read $all', () => this.client.readAll({ direction, fromPosition, maxCount }));
  }

  /** Drains a read; a stream that does not exist reads as empty, transient failures become ours. */
  private async collect<E extends ResolvedEvent>(operation: string, read: () => AsyncIterable<E>): Promise<E[]> {
    const out: E[] = [];
    try {
      for await (const event of read()) out.push(event);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error, operation);
    }
    return out;
  }
}
