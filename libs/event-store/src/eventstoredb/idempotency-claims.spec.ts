import { randomUUID } from 'node:crypto';
import { ConcurrencyError, IdempotencyKeyTakenError } from '../errors';
import type { EventToAppend, ExpectedRevision, RecordedEvent } from '../event-store';
import { claimKeys, type ClaimIo, claimStored, claimStreamOf, holderOf } from './idempotency-claims';

/**
 * The claim protocol on its own, over streams kept in a Map: this is not a stand-in for the server
 * (the contract suite runs against a real one where EVENTSTORE_CONNECTION_STRING is set), only the
 * decisions the adapter takes from what it reads.
 */
function memoryStreams() {
  const streams = new Map<string, RecordedEvent[]>();
  const read = (s: string) => streams.get(s) ?? [];
  const append = (s: string, events: readonly EventToAppend[], expected: ExpectedRevision) => {
    const current = read(s).length - 1;
    if ((expected === 'no_stream' && current !== -1) || (typeof expected === 'number' && expected !== current)) {
      throw new ConcurrencyError(s, expected, current < 0 ? 'no_stream' : current);
    }
    streams.set(s, [...read(s), ...events.map((e, i) => ({
      id: e.id, type: e.type, schemaVersion: 1, data: e.data, metadata: {}, streamId: s, streamRevision: current + 1 + i,
      position: '0' as never, recordedAt: new Date(0),
    }))]);
  };
  const io: ClaimIo = {
    readClaims: async (s) => read(s),
    appendClaim: async (s, claim, expected) => append(s, [claim], expected),
    eventAt: async (s, revision) => ({ event: read(s)[revision], lastRevision: read(s).length - 1 }),
  };
  return { io, read, append };
}

const keyed = (key: string): EventToAppend => ({ id: randomUUID(), type: 'CallMinutesConsumed', data: {}, idempotencyKey: key });
const plain = (): EventToAppend => ({ id: randomUUID(), type: 'Other', data: {} });

describe('EventStoreDB idempotency claims', () => {
  it('claims a key for its place; once that place holds the event, the key is taken for every other append', async () => {
    const { io, append, read } = memoryStreams();
    const first = [plain(), keyed('call:a:1')];
    await claimKeys(io, 'billing-account-a', first, 'no_stream');
    append('billing-account-a', first, 'no_stream');
    expect(read(claimStreamOf('call:a:1'))[0].data).toEqual({ key: 'call:a:1', stream: 'billing-account-a', revision: 1, eventId: first[1].id });
    expect((await holderOf(io, 'call:a:1'))?.id).toBe(first[1].id);

    const again = keyed('call:a:1');
    const refused = await claimKeys(io, 'billing-account-a', [again], 1).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IdempotencyKeyTakenError);
    expect(refused).toMatchObject({ key: 'call:a:1', existingEventId: first[1].id });
    await expect(claimKeys(io, 'billing-account-b', [again], 'no_stream')).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
  });

  it('lets a retry of the same append at the same place through (the server answers it idempotently)', async () => {
    const { io, append } = memoryStreams();
    const events = [keyed('k')];
    await claimKeys(io, 's', events, 'no_stream');
    append('s', events, 'no_stream');
    await expect(claimKeys(io, 's', events, 'no_stream')).resolves.toBeUndefined();
  });

  it('passes over a dead claim: its append lost the place (or never ran) and the stream moved on', async () => {
    const { io, append, read } = memoryStreams();
    const lost = [keyed('k')];
    await claimKeys(io, 's', lost, 'no_stream');
    append('s', [plain()], 'no_stream'); // another writer took revision 0: the claim's place
    expect(await holderOf(io, 'k')).toBeUndefined();
    const retry = [keyed('k')];
    await claimKeys(io, 's', retry, 0);
    append('s', retry, 0);
    expect((await holderOf(io, 'k'))?.id).toBe(retry[0].id);
    expect(read(claimStreamOf('k'))).toHaveLength(2);
  });

  it('races two claims for one place (both go on; the stream lets one append win) but waits for a live claim elsewhere', async () => {
    const { io } = memoryStreams();
    await claimKeys(io, 's', [keyed('k')], 'no_stream'); // in flight: s is still empty
    await expect(claimKeys(io, 's', [keyed('k')], 'no_stream')).resolves.toBeUndefined();
    await expect(claimKeys(io, 'other', [keyed('k')], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('retries its claim when another claim lands first, then finds that one holding the key', async () => {
    const { io, append } = memoryStreams();
    const rival = [keyed('k')];
    let raced = false;
    const racing: ClaimIo = {
      ...io,
      appendClaim: async (s, claim, expected) => {
        if (!raced) {
          raced = true; // a rival claims and appends between our read of the claims and our claim
          await claimKeys(io, 's', rival, 'no_stream');
          append('s', rival, 'no_stream');
        }
        return io.appendClaim(s, claim, expected);
      },
    };
    await expect(claimKeys(racing, 'other', [keyed('k')], 'no_stream')).rejects.toMatchObject({ name: 'IdempotencyKeyTakenError', existingEventId: rival[0].id });
  });

  it('backfills a stored event\'s key: claimed, claimed again harmlessly, and taken for a later event with the same key', async () => {
    const { io, append, read } = memoryStreams();
    append('s', [plain(), plain()], 'no_stream');
    const [first, second] = read('s');
    expect(await claimStored(io, first, 'old')).toBe('claimed');
    expect(await claimStored(io, first, 'old')).toBe('claimed');
    expect(await claimStored(io, second, 'old')).toBe('taken');
    expect((await holderOf(io, 'old'))?.id).toBe(first.id);
    expect(read(claimStreamOf('old'))).toHaveLength(1);
  });
});
