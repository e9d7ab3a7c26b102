import { randomUUID } from 'node:crypto';
import { type EventStore, IdempotencyKeyTakenError } from '@billing/event-store';
import { event } from './event-store.contract';

/** The contract's idempotency-key cases (every adapter): a fact recorded once in the whole store, ever. */
export function idempotencyContract(storeOf: () => EventStore, stream: (label: string) => string): void {
  let store: EventStore;
  beforeAll(() => {
    store = storeOf();
  });

    it('records an idempotency key once in the whole store: a second event with it is refused, naming the first', async () => {
      const key = `call:${randomUUID()}:c-1`;
      const s = stream('keyed');
      const first = { ...event('CallMinutesConsumed', { n: 1 }), idempotencyKey: key };
      await store.appendToStream(s, [event('AccountOpened'), first], { expectedRevision: 'no_stream' });
      const holder = await store.readByIdempotencyKey(key);
      expect(holder).toMatchObject({ id: first.id, streamId: s, streamRevision: 1, data: { n: 1 } });
      expect(await store.readByIdempotencyKey(`${key}-other`)).toBeUndefined();

      // The same stream later on, and another stream: refused as a whole, nothing written.
      const again = [event('Other'), { ...event('CallMinutesConsumed', { n: 2 }), idempotencyKey: key }];
      for (const [where, expectedRevision] of [[s, 1], [stream('elsewhere'), 'no_stream']] as const) {
        const refused = await store.appendToStream(where, again, { expectedRevision }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(IdempotencyKeyTakenError);
        expect(refused).toMatchObject({ key, existingEventId: first.id });
        expect((await store.readStream(where)).map((e) => e.id)).not.toContain(again[0].id);
      }
      // A stale revision does not hide the answer: the key is what refuses it.
      await expect(store.appendToStream(s, again, { expectedRevision: 0 })).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      expect(await store.readStream(s)).toHaveLength(2);
      // Unkeyed events still go on as before.
      expect((await store.appendToStream(s, [event('Unkeyed')], { expectedRevision: 1 })).nextRevision).toBe(2);
    });

    it('answers a retry of the very same keyed append at the same place with its first result', async () => {
      const s = stream('keyed-retry');
      const batch = [event('A'), { ...event('B'), idempotencyKey: `k:${randomUUID()}` }];
      const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
      expect(await store.appendToStream(s, batch, { expectedRevision: 'no_stream' })).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('lets exactly one of eight racing appends with the same key win, in eight streams; the others name the winner', async () => {
      const key = `race:${randomUUID()}`;
      const attempts = Array.from({ length: 8 }, () => ({ stream: stream('key-race'), event: { ...event('Claimed'), idempotencyKey: key } }));
      const results = await Promise.allSettled(
        attempts.map((a) => store.appendToStream(a.stream, [a.event], { expectedRevision: 'no_stream' })),
      );
      const won = attempts.filter((_, i) => results[i].status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'IdempotencyKeyTakenError', key, existingEventId: won[0].event.id });
      }
      expect((await store.readByIdempotencyKey(key))?.id).toBe(won[0].event.id);
    });

    it('backfills keys onto events written without them: once, recorded by name, the first event keeping a shared key', async () => {
      const tag = randomUUID().slice(0, 8);
      const type = `Old${tag}`;
      const s = stream('old');
      const [a, b, c] = [event(type, { n: 'a' }), event(type, { n: 'b' }), event(type, { n: 'a' })];
      await store.appendToStream(s, [a, b, c, event('NotKeyed')], { expectedRevision: 'no_stream' });
      const backfill = { name: `contract-${tag}`, eventTypes: [type], keyOf: (e: { data: Record<string, unknown> }) => `old:${tag}:${String(e.data.n)}` };
      expect(await store.backfillIdempotencyKeys(backfill)).toEqual({ keyed: 2, skipped: 1, alreadyDone: false });
      expect(await store.backfillIdempotencyKeys(backfill)).toEqual({ keyed: 0, skipped: 0, alreadyDone: true });
      expect((await store.readByIdempotencyKey(`old:${tag}:a`))?.id).toBe(a.id);
      expect((await store.readByIdempotencyKey(`old:${tag}:b`))?.id).toBe(b.id);
      await expect(store.appendToStream(s, [{ ...event(type), idempotencyKey: `old:${tag}:a` }], { expectedRevision: 3 }))
        .rejects.toMatchObject({ name: 'IdempotencyKeyTakenError', existingEventId: a.id });
    });

    it('refuses malformed keys before writing: twice in one append, empty, or with no definite place', async () => {
      const s = stream('bad-keys');
      const keyed = (key: string) => ({ ...event(), idempotencyKey: key });
      await expect(store.appendToStream(s, [keyed('k'), keyed('k')], { expectedRevision: 'no_stream' })).rejects.toThrow(/appears twice/);
      await expect(store.appendToStream(s, [keyed('')], { expectedRevision: 'no_stream' })).rejects.toThrow(TypeError);
      await expect(store.appendToStream(s, [keyed('é'.repeat(769))], { expectedRevision: 'no_stream' })).rejects.toThrow(TypeError);
      await expect(store.appendToStream(s, [keyed(`k:${randomUUID()}`)], { expectedRevision: 'any' })).rejects.toThrow(/needs expectedRevision/);
      expect(await store.readStream(s)).toEqual([]);
    });
}
