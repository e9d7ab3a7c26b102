import { randomUUID } from 'node:crypto';
import { ConcurrencyError, decodePosition, DuplicateEventIdError, IdempotencyKeyTakenError, type Position, PostgresEventStore } from '@billing/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event } from './event-store.contract';

// Group commit: appends that arrive while the store's lanes are busy go to the database together, in
// one transaction. With one lane, the first append goes alone and everything sent meanwhile waits
// for it and then goes as one batch: that makes the batches of these tests certain.
let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase();
  store = await PostgresEventStore.open({ connectionString: db.url, groupCommit: { lanes: 1 } });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const stream = (label: string) => `${label}-${randomUUID()}`;
const transactionOf = (position: Position) => decodePosition(position).major;

/** Starts an append that occupies the only lane, so that the appends started next are batched together. */
function occupyLane(): Promise<unknown> {
  return store.appendToStream(stream('first'), [event()], { expectedRevision: 'no_stream' });
}

describe('PostgreSQL event store: group commit', () => {
  it('appends sent together share one transaction, and each gets its own revision and positions', async () => {
    const first = occupyLane();
    const streams = Array.from({ length: 20 }, () => stream('batched'));
    const results = await Promise.all(streams.map((s) => store.appendToStream(s, [event(), event()], { expectedRevision: 'no_stream' })));
    await first;

    expect(new Set(results.flatMap((r) => r.positions.map(transactionOf))).size).toBe(1);
    for (const [i, s] of streams.entries()) {
      expect(results[i].nextRevision).toBe(1);
      const stored = await store.readStream(s);
      expect(stored.map((e) => e.position)).toEqual(results[i].positions);
      expect(stored.map((e) => e.streamRevision)).toEqual([0, 1]);
    }
  });

  it('appends at known revisions go together (one statement for the batch): revisions, keys and positions in event order, mixed with the others', async () => {
    const known = Array.from({ length: 12 }, () => stream('known'));
    await Promise.all(known.map((s) => store.appendToStream(s, [event('Opened')], { expectedRevision: 'no_stream' })));
    const [fresh, behind] = [stream('fresh'), known[3]];
    await store.appendToStream(behind, [event('Moved')], { expectedRevision: 0 });
    const keys = known.map(() => `known:${randomUUID()}`);
    const first = occupyLane();
    const outcomes = await store.appendToStreams([
      ...known.map((s, i) => ({ stream: s, events: [{ ...event('A'), idempotencyKey: keys[i] }, event('B'), event('C')], options: { expectedRevision: 0 } })),
      { stream: fresh, events: [event('N')], options: { expectedRevision: 'no_stream' as const } },
      { stream: known[5], events: [], options: { expectedRevision: 0 } },
    ]);
    await first;

    expect(outcomes[3]).toEqual({ error: expect.objectContaining({ name: 'ConcurrencyError', expected: 0, actual: 1 }) });
    expect(outcomes[12]).toEqual({ result: { nextRevision: 0, positions: [expect.any(String)] } });
    // known[5]'s empty append at 0 was answered on its own (a later batch: its events here moved it to 3): a conflict.
    expect(outcomes[13]).toEqual({ error: expect.objectContaining({ name: 'ConcurrencyError', actual: 3 }) });
    const transactions = new Set<bigint>();
    for (const [i, s] of known.entries()) {
      if (i === 3) continue;
      const { result } = outcomes[i] as { result: { nextRevision: number; positions: Position[] } };
      expect(result.nextRevision).toBe(3);
      const stored = await store.readStream(s);
      expect(stored.map((e) => [e.type, e.streamRevision])).toEqual([['Opened', 0], ['A', 1], ['B', 2], ['C', 3]]);
      expect(stored.slice(1).map((e) => e.position)).toEqual(result.positions);
      expect([...result.positions].sort()).toEqual(result.positions);
      result.positions.forEach((p) => transactions.add(transactionOf(p)));
      expect((await store.readByIdempotencyKey(keys[i]))?.streamId).toBe(s);
    }
    expect(transactions.size).toBe(1);
    expect((await store.readStream(behind)).map((e) => e.type)).toEqual(['Opened', 'Moved']);
    // Sent again (a lost answer): each is its first result, nothing stored twice.
    const again = await store.appendToStreams(known.slice(0, 2).map((s) => ({ stream: s, events: [], options: { expectedRevision: 3 } })));
    expect(again.map((o) => 'result' in o && o.result.nextRevision)).toEqual([3, 3]);
  });

  it('a wrong expected revision fails that append only: the others of its batch are committed', async () => {
    const existing = stream('existing');
    await store.appendToStream(existing, [event()], { expectedRevision: 'no_stream' });
    const [a, b] = [stream('a'), stream('b')];

    const first = occupyLane();
    const [okA, conflict, okB] = await Promise.allSettled([
      store.appendToStream(a, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(existing, [event()], { expectedRevision: 5 }),
      store.appendToStream(b, [event()], { expectedRevision: 'no_stream' }),
    ]);
    await first;

    expect(conflict).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
    expect((conflict as PromiseRejectedResult).reason).toMatchObject({ stream: existing, expected: 5, actual: 0 });
    expect(await store.readStream(existing)).toHaveLength(1);
    expect(okA.status === 'fulfilled' && okB.status === 'fulfilled').toBe(true);
    const positions = [okA, okB].flatMap((r) => (r as PromiseFulfilledResult<{ positions: Position[] }>).value.positions);
    expect(new Set(positions.map(transactionOf)).size).toBe(1);
  });

  it('a retry inside a batch gets the first answer, and nothing is stored twice', async () => {
    const retried = stream('retried');
    const events = [event(), event()];
    const original = await store.appendToStream(retried, events, { expectedRevision: 'no_stream' });

    const first = occupyLane();
    const [again, other] = await Promise.all([
      store.appendToStream(retried, events, { expectedRevision: 'no_stream' }),
      store.appendToStream(stream('other'), [event()], { expectedRevision: 'no_stream' }),
    ]);
    await first;

    expect(again).toEqual(original);
    expect(transactionOf(other.positions[0])).not.toBe(transactionOf(original.positions[0]));
    expect(await store.readStream(retried)).toHaveLength(2);
  });

  it('an event id already used by another stream fails its own append; the rest of the batch is committed', async () => {
    const reused = event();
    await store.appendToStream(stream('owner'), [reused], { expectedRevision: 'no_stream' });
    const [thief, innocent] = [stream('thief'), stream('innocent')];

    const first = occupyLane();
    const [stolen, fine] = await Promise.allSettled([
      store.appendToStream(thief, [event(), reused], { expectedRevision: 'no_stream' }),
      store.appendToStream(innocent, [event()], { expectedRevision: 'no_stream' }),
    ]);
    await first;

    expect(stolen).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
    expect(await store.readStream(thief)).toEqual([]);
    expect(fine.status).toBe('fulfilled');
    expect(await store.readStream(innocent)).toHaveLength(1);
  });

  it('a taken idempotency key fails its own append, also when the key is taken inside the same batch; the rest is committed', async () => {
    const key = `k:${randomUUID()}`;
    const holder = { ...event(), idempotencyKey: key };
    await store.appendToStream(stream('holder'), [holder], { expectedRevision: 'no_stream' });
    const twin = `twin:${randomUUID()}`;

    const first = occupyLane();
    const [taken, fine, twinA, twinB] = await Promise.allSettled([
      store.appendToStream(stream('late'), [event(), { ...event(), idempotencyKey: key }], { expectedRevision: 'no_stream' }),
      store.appendToStream(stream('fine'), [{ ...event(), idempotencyKey: `fresh:${randomUUID()}` }], { expectedRevision: 'no_stream' }),
      // Two appends of one batch with the same new key: the unique index fails the batch, each is re-sent alone.
      store.appendToStream(stream('twin-a'), [{ ...event(), idempotencyKey: twin }], { expectedRevision: 'no_stream' }),
      store.appendToStream(stream('twin-b'), [{ ...event(), idempotencyKey: twin }], { expectedRevision: 'no_stream' }),
    ]);
    await first;

    expect(taken).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyKeyTakenError) });
    expect((taken as PromiseRejectedResult).reason).toMatchObject({ key, existingEventId: holder.id });
    expect(fine.status).toBe('fulfilled');
    expect([twinA.status, twinB.status].sort()).toEqual(['fulfilled', 'rejected']);
    const lost = [twinA, twinB].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(IdempotencyKeyTakenError);
    expect((await store.readByIdempotencyKey(twin))?.id).toBe(lost?.reason.existingEventId);
  });

  it('two appends to one stream never share a batch: each sees the other\'s revision', async () => {
    const shared = stream('shared');
    const first = occupyLane();
    const [one, two] = await Promise.all([
      store.appendToStream(shared, [event()], { expectedRevision: 'any' }),
      store.appendToStream(shared, [event()], { expectedRevision: 'any' }),
    ]);
    await first;

    expect([one.nextRevision, two.nextRevision]).toEqual([0, 1]);
    expect(transactionOf(one.positions[0])).not.toBe(transactionOf(two.positions[0]));
    expect((await store.readStream(shared)).map((e) => e.streamRevision)).toEqual([0, 1]);
  });

  it('an append of no events checks its expectation inside a batch like anywhere else', async () => {
    const empty = stream('empty');
    const first = occupyLane();
    const [missing, created] = await Promise.allSettled([
      store.appendToStream(empty, [], { expectedRevision: 'stream_exists' }),
      store.appendToStream(stream('beside'), [event()], { expectedRevision: 'no_stream' }),
    ]);
    await first;

    expect(missing).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
    expect(created.status).toBe('fulfilled');
  });
});
