import type { AllStreamResolvedEvent, Position as ClientPosition, START as CLIENT_START, END as CLIENT_END } from '@eventstore/db-client';
import type { ReadAllOptions, RecordedEvent } from '../event-store';
import type { Position } from '../position';
import { isSystemEvent, toRecordedEvent } from './events';
import { compileFilter } from './filters';
import { isAfter, recordedPosition, toReadPosition } from './positions';

/** Reads one page of `$all` in the given direction: the raw events, system ones included. */
export type PageReader = (
  from: typeof CLIENT_START | typeof CLIENT_END | ClientPosition, maxCount: number,
) => Promise<AllStreamResolvedEvent[]>;

/** Same default as the PostgreSQL adapter: a caller that pages gets pages of a thousand. */
export const DEFAULT_MAX_COUNT = 1_000;
/** Raw events per round trip while filtering on this side. */
export const PAGE_SIZE = 1_000;

/**
 * readAll on top of the client's unfiltered readAll. The client we use (6.2.1) sends every
 * `$all` read with "no filter" (only subscriptions take one), so filters and the exclusion of
 * system events are applied here, page by page, until `maxCount` events matched or the log ended.
 * EventStoreDB starts a read at the event *at* the position; our checkpoints are exclusive, so
 * everything up to and including the checkpoint is skipped.
 */
export async function readAllForwards(readPage: PageReader, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
  const wanted = options.maxCount ?? DEFAULT_MAX_COUNT;
  const matches = compileFilter(options.filter);
  const out: RecordedEvent[] = [];
  let cursor: Position | undefined = options.fromPosition;
  while (out.length < wanted) {
    // Unfiltered, one more than needed covers the checkpoint's own event in the same round trip.
    const size = options.filter ? PAGE_SIZE : Math.min(wanted - out.length + 1, PAGE_SIZE);
    const page = await readPage(toReadPosition(cursor), size);
    for (const resolved of page) {
      const event = resolved.event;
      if (!event) continue;
      const position = recordedPosition(event);
      if (!isAfter(position, cursor)) continue;
      cursor = position;
      if (matches(event) && out.length < wanted) out.push(toRecordedEvent(event));
    }
    if (page.length < size) break; // the end of the log
  }
  return out;
}

/** The position of the last event that is not a system event, reading `$all` backwards from its end. */
export async function lastEventPosition(readPageBackwards: PageReader, pageSize = 100): Promise<Position | undefined> {
  let cursor: Position | undefined;
  for (;;) {
    const page = await readPageBackwards(cursor === undefined ? 'end' : toReadPosition(cursor), pageSize);
    for (const resolved of page) {
      const event = resolved.event;
      if (!event) continue;
      const position = recordedPosition(event);
      if (cursor !== undefined && position >= cursor) continue; // a backwards read may include its start
      if (!isSystemEvent(event.type)) return position;
      cursor = position;
    }
    if (page.length < pageSize) return undefined;
  }
}
