import { createHash, randomUUID } from 'node:crypto';
import { ConcurrencyError, IdempotencyKeyTakenError } from '../errors';
import type { EventToAppend, ExpectedRevision, RecordedEvent } from '../event-store';

/**
 * Idempotency keys on EventStoreDB, which has no unique index across streams. Each key has a claim
 * stream; before an append, each keyed event claims its key for the place it is about to take
 * (stream, revision, event id). A claim holds when that place really holds that event; a claim whose
 * place went to another event is dead (the append that made it lost its race or never ran) and is
 * passed over. So the key belongs to the first claim that holds, and a crash between claiming and
 * appending costs nothing but a dead claim.
 *
 * Claims are appended with the claim stream's expected revision (compare-and-set), so two writers
 * claiming at once are ordered. Two live claims for the same place are safe: the stream's own
 * expected revision lets one append win that place. A live claim for another place (another stream,
 * whose append has not happened yet) makes us wait: the caller gets a ConcurrencyError and retries.
 *
 * Cost per keyed event: one read of its claim stream and one append to it before the append, plus one
 * read of the claimed place per earlier claim (usually none). Reading by key reads the claim stream
 * and the claimed place.
 */
export interface ClaimIo {
  /** The claim stream's events in order (empty when it does not exist). */
  readClaims(claimStream: string): Promise<RecordedEvent[]>;
  /** Appends one claim with the claim stream's expected revision; a ConcurrencyError when it moved. */
  appendClaim(claimStream: string, claim: EventToAppend, expected: ExpectedRevision): Promise<void>;
  /** The event at a stream's revision, or undefined; and the stream's last revision (-1: none). */
  eventAt(stream: string, revision: number): Promise<{ event: RecordedEvent | undefined; lastRevision: number }>;
}

export const CLAIM_EVENT_TYPE = 'IdempotencyKeyClaimed';

export interface Claim {
  key: string;
  stream: string;
  revision: number;
  eventId: string;
}

/** Short, fixed-length and safe in a stream name, whatever the key holds. */
export function claimStreamOf(key: string): string {
  return `idempotency-${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

function claimOf(event: RecordedEvent): Claim | undefined {
  const { key, stream, revision, eventId } = event.data as Partial<Claim>;
  if (typeof key !== 'string' || typeof stream !== 'string' || typeof revision !== 'number' || typeof eventId !== 'string') return undefined;
  return { key, stream, revision, eventId };
}

type Standing = { held: RecordedEvent } | { live: true } | { dead: true };

async function standingOf(io: ClaimIo, claim: Claim): Promise<Standing> {
  const { event, lastRevision } = await io.eventAt(claim.stream, claim.revision);
  if (event) return event.id.toLowerCase() === claim.eventId.toLowerCase() ? { held: event } : { dead: true };
  // Its place is the stream's next one: the append that claimed it may still come.
  return lastRevision === claim.revision - 1 ? { live: true } : { dead: true };
}

/** The event that holds the key, or undefined. */
export async function holderOf(io: ClaimIo, key: string): Promise<RecordedEvent | undefined> {
  for (const stored of await io.readClaims(claimStreamOf(key))) {
    const claim = claimOf(stored);
    if (!claim || claim.key !== key) continue;
    const standing = await standingOf(io, claim);
    if ('held' in standing) return standing.held;
  }
  return undefined;
}

/**
 * Claims every keyed event of an append for its place; throws IdempotencyKeyTakenError when a key is
 * held by another event (a retry of this very append, same id at the same place, is let through: the
 * server answers it as the idempotent success it is).
 */
export async function claimKeys(io: ClaimIo, stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<void> {
  const base = expected === 'no_stream' ? -1 : (expected as number);
  for (const [i, event] of events.entries()) {
    if (event.idempotencyKey === undefined) continue;
    const outcome = await claimOne(io, { key: event.idempotencyKey, stream, revision: base + 1 + i, eventId: event.id });
    if (typeof outcome === 'object') throw new IdempotencyKeyTakenError(stream, event.idempotencyKey, outcome.heldBy);
  }
}

/**
 * The backfill's step: claims the key for an event that is stored already (its claim holds at once).
 * 'taken' when an earlier event holds the key (that one keeps it).
 */
export async function claimStored(io: ClaimIo, event: RecordedEvent, key: string): Promise<'claimed' | 'taken'> {
  const outcome = await claimOne(io, { key, stream: event.streamId, revision: event.streamRevision, eventId: event.id });
  return outcome === 'claimed' ? 'claimed' : 'taken';
}

const CLAIM_ATTEMPTS = 5;

/** 'claimed' (or ours already), or the event that holds the key. */
async function claimOne(io: ClaimIo, mine: Claim): Promise<'claimed' | { heldBy: string }> {
  const claimStream = claimStreamOf(mine.key);
  for (let attempt = 1; ; attempt++) {
    const stored = await io.readClaims(claimStream);
    for (const event of stored) {
      const claim = claimOf(event);
      if (!claim || claim.key !== mine.key) continue;
      const standing = await standingOf(io, claim);
      const samePlace = claim.stream === mine.stream && claim.revision === mine.revision;
      if ('held' in standing) {
        if (samePlace && claim.eventId.toLowerCase() === mine.eventId.toLowerCase()) return 'claimed'; // our own, already written
        return { heldBy: standing.held.id };
      }
      if ('live' in standing && !samePlace) {
        throw new ConcurrencyError(mine.stream, mine.revision - 1, 'no_stream', `idempotency key "${mine.key}" is claimed by an append in flight`);
      }
    }
    const last = stored.length ? stored[stored.length - 1].streamRevision : undefined;
    try {
      await io.appendClaim(claimStream, { id: randomUUID(), type: CLAIM_EVENT_TYPE, data: { ...mine } }, last === undefined ? 'no_stream' : last);
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= CLAIM_ATTEMPTS) throw error;
    }
  }
}
