import { randomUUID } from 'node:crypto';
import { idempotencyContract } from './idempotency.contract';
import {
  ConcurrencyError, type EventStore, type EventToAppend, type Position, type RecordedEvent, type SubscribeOptions,
} from '@billing/event-store';

/** A transaction that has taken its place in the store's order but not committed yet. */
export interface HeldAppend {
  commit(): Promise<void>;
}

export interface ContractTarget {
  open(): Promise<EventStore>;
  /** Where the adapter has such a thing: start an append and keep its transaction open. */
  holdOpenAppend?(store: EventStore, stream: string, events: EventToAppend[]): Promise<HeldAppend>;
}

export function event(type = 'Something', data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID(), actor: { id: 'test' } } };
}

/** Reads a subscription until `count` events arrived or `timeoutMs` passed, then stops it. */
export async function take(
  store: EventStore, count: number, timeoutMs: number, options: Omit<SubscribeOptions, 'signal'> = {},
): Promise<RecordedEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const received: RecordedEvent[] = [];
  try {
    for await (const e of store.subscribeToAll({ ...options, signal: controller.signal })) {
      received.push(e);
      if (received.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return received;
}

/** The behaviour every EventStore adapter must have. */
export function eventStoreContract(name: string, target: ContractTarget): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const stream = (label: string) => `${label}-${randomUUID()}`;

    beforeAll(async () => {
      store = await target.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('appends to a new stream and reads it back with type, data, metadata and recording time', async () => {
      const s = stream('billing-account');
      const e = { ...event('AccountOpened', { plan: 'free', n: 1 }), schemaVersion: 2 };
      const result = await store.appendToStream(s, [e, event('PlanChanged')], { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(1);
      expect(result.positions).toHaveLength(2);
      expect(result.positions[0] < result.positions[1]).toBe(true);
      const [first, second] = await store.readStream(s);
      expect(first).toMatchObject({
        id: e.id, type: 'AccountOpened', schemaVersion: 2, data: { plan: 'free', n: 1 }, streamId: s, streamRevision: 0,
        position: result.positions[0], metadata: e.metadata,
      });
      expect(first.recordedAt).toBeInstanceOf(Date);
      expect(Math.abs(first.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(second.streamRevision).toBe(1);
    });

    it('checks the expected revision: no_stream, stream_exists, any and a number', async () => {
      const s = stream('expect');
      await expect(store.appendToStream(s, [event()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        name: 'ConcurrencyError', stream: s, expected: 'stream_exists', actual: 'no_stream',
      });
      await expect(store.appendToStream(s, [event()], { expectedRevision: 3 })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.appendToStream(s, [event()], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(s, [event()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        expected: 'no_stream', actual: 0,
      });
      expect((await store.appendToStream(s, [event()], { expectedRevision: 'stream_exists' })).nextRevision).toBe(1);
      expect((await store.appendToStream(s, [event()], { expectedRevision: 'any' })).nextRevision).toBe(2);
      expect((await store.appendToStream(s, [event()], { expectedRevision: 2 })).nextRevision).toBe(3);
      await expect(store.appendToStream(s, [event()], { expectedRevision: 2 })).rejects.toMatchObject({ expected: 2, actual: 3 });
      expect(await store.readStream(s)).toHaveLength(4);
    });

    it('lets exactly one of two racing writers win; the other gets both revisions', async () => {
      const s = stream('race');
      await store.appendToStream(s, [event()], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.appendToStream(s, [event()], { expectedRevision: 0 })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const r of lost) {
        expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect(r.reason).toMatchObject({ stream: s, expected: 0, actual: 1 });
      }
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('treats re-appending the same events at the same place as success with the first result', async () => {
      const s = stream('idem');
      const batch = [event('A'), event('B')];
      const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      await store.appendToStream(s, [event('C')], { expectedRevision: 1 });
      // Still the first result, even after the stream moved on.
      expect(await store.appendToStream(s, batch, { expectedRevision: 'no_stream' })).toEqual(first);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('appends to several streams at once, each with its own expectation and outcome: one refused fails no other', async () => {
      const [fresh, existing, behind, keyed, holder] = ['many-new', 'many-old', 'many-behind', 'many-keyed', 'many-holder'].map(stream);
      await store.appendToStream(existing, [event('A')], { expectedRevision: 'no_stream' });
      await store.appendToStream(behind, [event('A'), event('B')], { expectedRevision: 'no_stream' });
      const key = `key:${randomUUID()}`;
      const held = await store.appendToStream(holder, [{ ...event('Held'), idempotencyKey: key }], { expectedRevision: 'no_stream' });
      const outcomes = await store.appendToStreams([
        { stream: fresh, events: [event('N1'), event('N2')], options: { expectedRevision: 'no_stream' } },
        { stream: behind, events: [event('Late')], options: { expectedRevision: 0 } },
        { stream: existing, events: [event('B')], options: { expectedRevision: 0 } },
        { stream: keyed, events: [{ ...event('Again'), idempotencyKey: key }], options: { expectedRevision: 'no_stream' } },
        { stream: 'not a valid stream name? ' + 'x'.repeat(300), events: [event()], options: { expectedRevision: -7 } },
      ]);
      expect(outcomes).toHaveLength(5);
      expect(outcomes[0]).toEqual({ result: { nextRevision: 1, positions: [expect.any(String), expect.any(String)] } });
      expect(outcomes[1]).toEqual({ error: expect.objectContaining({ name: 'ConcurrencyError', stream: behind, expected: 0, actual: 1 }) });
      expect(outcomes[2]).toEqual({ result: { nextRevision: 1, positions: [expect.any(String)] } });
      expect(outcomes[3]).toEqual({ error: expect.objectContaining({ name: 'IdempotencyKeyTakenError', key }) });
      expect(outcomes[4]).toEqual({ error: expect.any(TypeError) });
      expect((await store.readStream(fresh)).map((e) => e.type)).toEqual(['N1', 'N2']);
      expect((await store.readStream(existing)).map((e) => e.type)).toEqual(['A', 'B']);
      expect((await store.readStream(behind)).map((e) => e.type)).toEqual(['A', 'B']);
      expect(await store.readStream(keyed)).toEqual([]);
      expect(held.positions).toHaveLength(1);
      expect(await store.appendToStreams([])).toEqual([]);
    });

    it('refuses a different event at a taken position with a ConcurrencyError', async () => {
      const s = stream('taken');
      await store.appendToStream(s, [event('A')], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(s, [event('Other')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        name: 'ConcurrencyError', actual: 0,
      });
      expect(await store.readStream(s)).toHaveLength(1);
    });

    idempotencyContract(() => store, stream);

    it('reads a stream forwards and backwards, from a revision, at most maxCount', async () => {
      const s = stream('read');
      await store.appendToStream(s, Array.from({ length: 10 }, (_, i) => event('N', { i })), { expectedRevision: 'no_stream' });
      const revisions = (events: RecordedEvent[]) => events.map((e) => e.streamRevision);
      expect(revisions(await store.readStream(s))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(revisions(await store.readStream(s, { fromRevision: 7 }))).toEqual([7, 8, 9]);
      expect(revisions(await store.readStream(s, { fromRevision: 2, maxCount: 3 }))).toEqual([2, 3, 4]);
      expect(revisions(await store.readStream(s, { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
      expect(revisions(await store.readStream(s, { direction: 'backwards', fromRevision: 1 }))).toEqual([1, 0]);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('reads all events in order, resumes after a position, filters by type and stream prefix', async () => {
      const tag = randomUUID().slice(0, 8);
      const a = `alpha${tag}-1`;
      const b = `beta${tag}-1`;
      await store.appendToStream(a, [event(`X${tag}`), event(`Y${tag}`)], { expectedRevision: 'no_stream' });
      await store.appendToStream(b, [event(`X${tag}`)], { expectedRevision: 'no_stream' });
      await store.appendToStream(a, [event(`Z${tag}`)], { expectedRevision: 1 });

      // Visible once older transactions elsewhere on the server have ended (see the port's doc).
      const all = await readUntil(store, (events) => events.filter((e) => e.streamId === a || e.streamId === b).length === 4);
      for (let i = 1; i < all.length; i++) expect(all[i - 1].position < all[i].position).toBe(true);
      expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
      const mine = all.filter((e) => e.streamId === a || e.streamId === b);
      expect(mine.map((e) => `${e.streamId}:${e.type}`)).toEqual([`${a}:X${tag}`, `${a}:Y${tag}`, `${b}:X${tag}`, `${a}:Z${tag}`]);

      const after = await store.readAll({ fromPosition: mine[1].position, maxCount: 2, filter: { streamPrefixes: [`alpha${tag}`, `beta${tag}`] } });
      expect(after.map((e) => e.id)).toEqual([mine[2].id, mine[3].id]);
      const byType = await store.readAll({ filter: { eventTypes: [`X${tag}`] } });
      expect(byType.map((e) => e.streamId)).toEqual([a, b]);
      const byPrefix = await store.readAll({ filter: { streamPrefixes: [`beta${tag}`] } });
      expect(byPrefix.map((e) => e.id)).toEqual([mine[2].id]);
      const both = await store.readAll({ filter: { eventTypes: [`X${tag}`, `Z${tag}`], streamPrefixes: [`alpha${tag}`] } });
      expect(both.map((e) => e.type)).toEqual([`X${tag}`, `Z${tag}`]);
    });

    it('ends a subscription cleanly when the caller stops, and follows live appends', async () => {
      const tag = `Live${randomUUID().slice(0, 8)}`;
      const pending = take(store, 3, 20_000, { filter: { eventTypes: [tag] } });
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 3; i++) await store.appendToStream(stream('live'), [event(tag, { i })], { expectedRevision: 'no_stream' });
      const received = await pending;
      expect(received.map((e) => e.data.i)).toEqual([0, 1, 2]);
      expect(await store.headPosition()).toBeDefined();
    });

    it('delivers every event exactly once, in order, to a catch-up subscriber while 32 writers append 20,000 events', async () => {
      const writers = 32;
      const perWriter = 625;
      const start = await store.headPosition();
      const held = target.holdOpenAppend
        ? await target.holdOpenAppend(store, stream('held'), [event('Held', { i: 0 }), event('Held', { i: 1 })])
        : undefined;
      const heldCount = held ? 2 : 0;
      const subscriber = take(store, writers * perWriter + heldCount, 45_000, { fromPosition: start });

      let appended = 0;
      const committedBeforeHeld = new Set<string>();
      let heldCommitted = false;
      const write = async (w: number) => {
        const streams = Array.from({ length: 5 }, (_, i) => ({ id: stream(`w${w}-${i}`), revision: -1 }));
        for (let n = 0; n < perWriter; n++) {
          const s = streams[n % streams.length];
          const e = event('Written', { w, n });
          const expectedRevision = s.revision < 0 ? 'no_stream' : s.revision;
          s.revision = (await store.appendToStream(s.id, [e], { expectedRevision })).nextRevision;
          if (!heldCommitted) committedBeforeHeld.add(e.id);
          if (++appended === (writers * perWriter) / 2 && held) {
            heldCommitted = true;
            await held.commit(); // later transactions committed first; the held one must not be skipped
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, w) => write(w)));

      const received = await subscriber;
      expect(received).toHaveLength(writers * perWriter + heldCount);
      expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
      for (let i = 1; i < received.length; i++) expect(received[i - 1].position < received[i].position).toBe(true);
      const lastRevision = new Map<string, number>();
      for (const e of received) {
        expect(e.streamRevision).toBe((lastRevision.get(e.streamId) ?? -1) + 1);
        lastRevision.set(e.streamId, e.streamRevision);
      }
      if (held) {
        expect(committedBeforeHeld.size).toBeGreaterThan(1_000);
        expect(received.filter((e) => e.type === 'Held')).toHaveLength(2);
        // Its place in the order came before events that committed earlier: a reader that went
        // by sequence numbers alone would have moved past it and lost it.
        expect(received.findIndex((e) => e.type === 'Held')).toBeLessThan(committedBeforeHeld.size);
      }
      // A second reader sees the very same order.
      const replay = await readEverything(store, start);
      expect(replay.map((e) => e.id)).toEqual(received.map((e) => e.id));
    }, 90_000);
  });
}

async function readUntil(store: EventStore, done: (events: RecordedEvent[]) => boolean): Promise<RecordedEvent[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const events = await readEverything(store);
    if (done(events) || Date.now() > until) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readEverything(store: EventStore, from?: Position): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let position = from;
  for (;;) {
    const batch = await store.readAll({ fromPosition: position, maxCount: 997 });
    out.push(...batch);
    if (batch.length < 997) return out;
    position = batch[batch.length - 1].position;
  }
}
