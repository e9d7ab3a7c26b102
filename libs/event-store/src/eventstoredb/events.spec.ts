import { randomUUID } from 'node:crypto';
import { UUID, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { convertGrpcRecord } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import type { EventData, RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import type { EventToAppend } from '../event-store';
import { fromClientPosition } from './positions';
import { isSystemEvent, SCHEMA_VERSION_KEY, splitMetadata, toEventData, toRecordedEvent } from './events';

/**
 * The record the server returns for an event the client appended: the client sends data and
 * metadata as JSON text (see its append), the server stores the bytes and sends them back with
 * the type, content type and creation time (in .NET ticks); the client's own decoder reads it.
 */
function storedAndReadBack(sent: EventData, stream: string, revision: number, position: bigint, created: Date): ClientRecordedEvent {
  const record = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(sent.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)))
    .setStreamRevision(String(revision))
    .setCommitPosition(String(position))
    .setPreparePosition(String(position))
    .setData(Buffer.from(JSON.stringify(sent.data)))
    .setCustomMetadata(Buffer.from(JSON.stringify(sent.metadata)));
  record.getMetadataMap()
    .set('type', sent.type)
    .set('content-type', sent.contentType)
    .set('created', String(BigInt(created.getTime()) * 10_000n));
  return convertGrpcRecord(record) as ClientRecordedEvent;
}

describe('EventStoreDB event serialisation', () => {
  const event: EventToAppend = {
    id: randomUUID(), type: 'CreditsPurchased', schemaVersion: 2, data: { blocks: 3, amount: { minor: 8400, currency: 'USD' } },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: { id: 'u1', role: 'admin' } },
  };

  it('sends our id, type and data as a JSON event, with the schema version in the metadata', () => {
    const sent = toEventData(event);
    expect(sent).toMatchObject({ id: event.id, type: 'CreditsPurchased', contentType: 'application/json', data: event.data });
    expect(sent.metadata).toEqual({ ...event.metadata, [SCHEMA_VERSION_KEY]: 2 });
    expect(event.metadata).not.toHaveProperty(SCHEMA_VERSION_KEY); // the caller's object is left alone
    expect(toEventData({ id: event.id, type: 'T', data: {} }).metadata).toEqual({ [SCHEMA_VERSION_KEY]: 1 });
  });

  it('reads back exactly what was appended, with revision, position and recording time', () => {
    const created = new Date('2025-11-25T08:00:00.123Z');
    const read = toRecordedEvent(storedAndReadBack(toEventData(event), 'billing-account-7', 4, 123_456n, created));
    expect(read).toEqual({
      id: event.id, type: 'CreditsPurchased', schemaVersion: 2, data: event.data, metadata: event.metadata,
      streamId: 'billing-account-7', streamRevision: 4, position: fromClientPosition({ commit: 123_456n, prepare: 123_456n }),
      recordedAt: created,
    });
  });

  it('defaults the schema version to 1 and metadata to {} for events written by others', () => {
    expect(splitMetadata(undefined)).toEqual({ metadata: {}, schemaVersion: 1 });
    expect(splitMetadata(new Uint8Array([1, 2]))).toEqual({ metadata: {}, schemaVersion: 1 });
    expect(splitMetadata([1])).toEqual({ metadata: {}, schemaVersion: 1 });
    expect(splitMetadata({ correlationId: 'c', [SCHEMA_VERSION_KEY]: 'x' })).toEqual({ metadata: { correlationId: 'c' }, schemaVersion: 1 });
    expect(splitMetadata({ [SCHEMA_VERSION_KEY]: 3 })).toEqual({ metadata: {}, schemaVersion: 3 });
  });

  it('decodes a binary event that holds JSON, and keeps other bytes as base64', () => {
    const base = storedAndReadBack(toEventData(event), 's', 0, 1n, new Date());
    const json = { ...base, isJson: false, data: Buffer.from('{"a":1}') } as unknown as ClientRecordedEvent;
    expect(toRecordedEvent(json).data).toEqual({ a: 1 });
    const bytes = { ...base, isJson: false, data: new Uint8Array([0xff, 0x00]) } as unknown as ClientRecordedEvent;
    expect(toRecordedEvent(bytes).data).toEqual({ base64: '/wA=' });
  });

  it('recognises system events by their $ type', () => {
    for (const type of ['$>', '$metadata', '$statsCollected', '$ProjectionsInitialized', '$@']) expect(isSystemEvent(type)).toBe(true);
    for (const type of ['CreditsPurchased', 'a$b', '']) expect(isSystemEvent(type)).toBe(false);
  });
});
