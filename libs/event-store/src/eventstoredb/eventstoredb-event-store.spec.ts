import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreDBEventStore } from './eventstoredb-event-store';

/**
 * Only what the adapter does before and after talking to the server: these stand-ins for the
 * client record calls and never answer as a server would (the contract suite does that, against
 * a real one, where EVENTSTORE_CONNECTION_STRING is set).
 */
describe('EventStoreDBEventStore', () => {
  it('validates an append before it reaches the client', async () => {
    const appendToStream = jest.fn();
    const store = new EventStoreDBEventStore({ appendToStream } as unknown as EventStoreDBClient);
    const event = { id: 'not-a-uuid', type: 'T', data: {} };
    await expect(store.appendToStream('s', [event], { expectedRevision: 'any' })).rejects.toThrow(/events\[0\]\.id must be a uuid/);
    await expect(store.appendToStream('s', [{ ...event, id: randomUUID() }], { expectedRevision: -2 })).rejects.toThrow(TypeError);
    expect(appendToStream).not.toHaveBeenCalled();
  });

  it('ends its subscriptions on close instead of re-subscribing on a closed client', async () => {
    const subscription = Object.assign(new PassThrough({ objectMode: true }), { unsubscribe: jest.fn(async () => undefined) });
    const client = { subscribeToAll: jest.fn(() => subscription), dispose: jest.fn(async () => undefined) };
    const store = new EventStoreDBEventStore(client as unknown as EventStoreDBClient);
    const consumed = (async () => {
      for await (const _ of store.subscribeToAll()) throw new Error('no events were sent');
    })();
    await new Promise((r) => setImmediate(r));
    await store.close();
    await expect(consumed).resolves.toBeUndefined();
    expect(client.subscribeToAll).toHaveBeenCalledTimes(1);
    expect(subscription.unsubscribe).toHaveBeenCalled();
    expect(client.dispose).toHaveBeenCalled();
  });
});
