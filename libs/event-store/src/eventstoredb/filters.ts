import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { EventFilter } from '../event-store';
import { isSystemEvent } from './events';

export interface FilterPlan {
  /** The one filter EventStoreDB applies to a subscription. */
  server: Filter;
  /** What the server filter does not cover; always applied, so the result is exact either way. */
  matches(event: { type: string; streamId: string }): boolean;
}

/** Escapes a literal for a .NET regular expression (the same metacharacters as JavaScript's). */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\#\s]/g, (c) => (/\s/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `\\${c}`));
}

/** A regex that matches exactly these event types (the server's regex filter searches, it does not anchor). */
export function exactTypesRegex(types: readonly string[]): string {
  return `^(?:${types.map(escapeRegex).join('|')})$`;
}

/** The caller's filter as a predicate; system events never match. */
export function compileFilter(filter: EventFilter | undefined): FilterPlan['matches'] {
  const types = filter?.eventTypes?.length ? new Set(filter.eventTypes) : undefined;
  const prefixes = filter?.streamPrefixes?.length ? filter.streamPrefixes : undefined;
  return (event) =>
    !isSystemEvent(event.type) &&
    (types === undefined || types.has(event.type)) &&
    (prefixes === undefined || prefixes.some((p) => event.streamId.startsWith(p)));
}

/**
 * EventStoreDB takes one filter per subscription. Event types go to the server when given: our
 * streams share the prefix `billing-account-`, so the type is usually the selective part. Without
 * types the stream prefixes go, and without either the server drops system events. The full
 * filter is still checked on each event, which also covers the part the server did not take.
 */
export function planFilter(filter: EventFilter | undefined): FilterPlan {
  const matches = compileFilter(filter);
  if (filter?.eventTypes?.length) return { server: eventTypeFilter({ regex: exactTypesRegex(filter.eventTypes) }), matches };
  if (filter?.streamPrefixes?.length) return { server: streamNameFilter({ prefixes: [...filter.streamPrefixes] }), matches };
  return { server: excludeSystemEvents(), matches };
}
