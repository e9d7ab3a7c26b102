import { PassThrough } from 'node:stream';
import { EVENT_TYPE, UnavailableError, type AllStreamResolvedEvent, type Filter } from '@eventstore/db-client';
import type { RecordedEvent } from '../event-store';
import { fromClientPosition } from './positions';
import { followAll, type ClientSubscription, type OpenSubscription } from './subscription';

function logEvent(n: number, type = 'Thing'): AllStreamResolvedEvent {
  const position = { commit: BigInt(n), prepare: BigInt(n) };
  return {
    event: {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, streamId: `s-${n}`, revision: 0n, isJson: true,
      data: { n }, metadata: {}, created: new Date(0), position,
    },
  };
}

/**
 * Stand-ins for the client's subscription object (a Readable of resolved events with
 * unsubscribe()), so that our generator's life cycle can be checked: what it asks for, and that
 * it always lets go. The events are pushed by each test.
 */
function subscriptions() {
  const opened: Array<{ from: unknown; filter: Filter; stream: PassThrough & ClientSubscription; unsubscribed: number }> = [];
  const open: OpenSubscription = (from, filter) => {
    const stream = new PassThrough({ objectMode: true }) as PassThrough & ClientSubscription;
    const entry = { from, filter, stream, unsubscribed: 0 };
    stream.unsubscribe = async () => {
      entry.unsubscribed++;
      stream.end();
    };
    opened.push(entry);
    return stream;
  };
  return { open, opened };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('EventStoreDB subscribeToAll', () => {
  it('delivers mapped events without system ones and unsubscribes when the caller breaks out', async () => {
    const { open, opened } = subscriptions();
    const received: RecordedEvent[] = [];
    const done = (async () => {
      for await (const e of followAll(open, { fromPosition: fromClientPosition({ commit: 5n, prepare: 5n }) })) {
        received.push(e);
        if (received.length === 2) break;
      }
    })();
    await tick();
    expect(opened[0].from).toEqual({ commit: 5n, prepare: 5n }); // EventStoreDB starts strictly after it
    expect(opened[0].filter).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
    for (const e of [logEvent(6), logEvent(7, '$statsCollected'), logEvent(8), logEvent(9)]) opened[0].stream.write(e);
    await done;
    expect(received.map((e) => e.data.n)).toEqual([6, 8]);
    expect(opened[0].unsubscribed).toBeGreaterThanOrEqual(1);
  });

  it('ends cleanly when the signal aborts while waiting for the next event', async () => {
    const { open, opened } = subscriptions();
    const controller = new AbortController();
    const received: RecordedEvent[] = [];
    const done = (async () => {
      for await (const e of followAll(open, { signal: controller.signal })) received.push(e);
    })();
    await tick();
    expect(opened[0].from).toBe('start');
    opened[0].stream.write(logEvent(1));
    await tick();
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    expect(received).toHaveLength(1);
    expect(opened[0].unsubscribed).toBeGreaterThanOrEqual(1);
    expect(opened).toHaveLength(1);
  });

  it('applies the part of the filter the server did not take', async () => {
    const { open, opened } = subscriptions();
    const received: RecordedEvent[] = [];
    const done = (async () => {
      for await (const e of followAll(open, { filter: { eventTypes: ['Thing'], streamPrefixes: ['s-2'] } })) {
        received.push(e);
        if (received.length === 1) break;
      }
    })();
    await tick();
    expect(opened[0].filter).toMatchObject({ filterOn: EVENT_TYPE, regex: '^(?:Thing)$' });
    for (const n of [1, 3, 20]) opened[0].stream.write(logEvent(n));
    await done;
    expect(received.map((e) => e.streamId)).toEqual(['s-20']);
  });

  it('subscribes again after the last delivered event when the server goes away', async () => {
    const { open, opened } = subscriptions();
    const retried: unknown[] = [];
    const received: RecordedEvent[] = [];
    const done = (async () => {
      for await (const e of followAll(open, {}, { retryDelayMs: 1, onRetry: (error) => retried.push(error) })) {
        received.push(e);
        if (received.length === 3) break;
      }
    })();
    await tick();
    opened[0].stream.write(logEvent(1));
    opened[0].stream.write(logEvent(2));
    await tick();
    opened[0].stream.destroy(new UnavailableError());
    while (opened.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(opened[1].from).toEqual({ commit: 2n, prepare: 2n });
    opened[1].stream.write(logEvent(3));
    await done;
    expect(received.map((e) => e.data.n)).toEqual([1, 2, 3]);
    expect(retried[0]).toBeInstanceOf(UnavailableError);
  });

  it('passes on a failure that is not about reaching the server', async () => {
    const { open, opened } = subscriptions();
    const iterator = followAll(open)[Symbol.asyncIterator]();
    const next = iterator.next();
    await tick();
    opened[0].stream.destroy(new Error('access denied'));
    await expect(next).rejects.toThrow('access denied');
    expect(opened).toHaveLength(1);
    expect(opened[0].unsubscribed).toBe(1);
  });
});
