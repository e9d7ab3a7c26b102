import { jsonEvent, type EventData, type RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, EventToAppend, RecordedEvent } from '../event-store';
import { recordedPosition } from './positions';

/**
 * EventStoreDB has no column for a schema version, so it travels in the event's metadata under a
 * `$`-prefixed key (the server's convention for keys it or we reserve) and is taken out on reading.
 */
export const SCHEMA_VERSION_KEY = '$schemaVersion';

/** EventStoreDB's own events (stats, projections, links, stream metadata) all have `$` types. */
export function isSystemEvent(type: string): boolean {
  return type.startsWith('$');
}

/** Our event as the client's JSON event, keeping our id: a retried append is then idempotent. */
export function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion ?? 1 },
  });
}

/** Splits stored metadata into the caller's metadata and the schema version we put beside it. */
export function splitMetadata(stored: unknown): { metadata: EventMetadata; schemaVersion: number } {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored) || stored instanceof Uint8Array) {
    return { metadata: {}, schemaVersion: 1 }; // written by someone else, not as a JSON object
  }
  const { [SCHEMA_VERSION_KEY]: version, ...metadata } = stored as Record<string, unknown>;
  const schemaVersion = typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : 1;
  return { metadata: metadata as EventMetadata, schemaVersion };
}

function toData(event: ClientRecordedEvent): Record<string, unknown> {
  let data: unknown = event.data;
  if (data instanceof Uint8Array) {
    // Not written by this adapter (we only write JSON); decode it if it happens to be JSON.
    try {
      data = JSON.parse(Buffer.from(data).toString('utf8'));
    } catch {
      return { base64: Buffer.from(data as Uint8Array).toString('base64') };
    }
  }
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : { value: data };
}

/** The client's recorded event as ours. */
export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  const { metadata, schemaVersion } = splitMetadata(event.metadata);
  return {
    id: event.id,
    type: event.type,
    schemaVersion,
    data: toData(event),
    metadata,
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    position: recordedPosition(event),
    recordedAt: event.created,
  };
}
