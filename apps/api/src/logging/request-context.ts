import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { correlationIdFor } from '../http/correlation-id';

interface RequestContext {
  readonly correlationId: string;
}

/** The raw Node request, as both adapters hand it over; `correlationId` is the contract between them. */
export type RawRequest = IncomingMessage & { correlationId?: string };

const context = new AsyncLocalStorage<RequestContext>();

/**
 * Runs the rest of the request inside a context that carries its correlation id, so every log line
 * written while handling it (guard, handler, repository, filter) has it without being passed along.
 * Plain Node types only: `app.use(bindRequestLogContext)` on Express or on Fastify (middie), or a
 * Fastify hook on `request.raw`/`reply.raw`. Whoever runs first computes the id and stores it on the
 * raw request; this reads it or computes it. The context survives a body read in several packets on
 * both adapters (request-context.spec.ts sends one).
 */
export function bindRequestLogContext(request: RawRequest, _response: ServerResponse, next: () => void): void {
  request.correlationId ??= correlationIdFor(header(request.headers['x-correlation-id']));
  context.run({ correlationId: request.correlationId }, next);
}

/** The correlation id of the request being handled, or undefined outside a request. */
export function currentCorrelationId(): string | undefined {
  return context.getStore()?.correlationId;
}

/** Runs `work` as if inside a request with this correlation id (background work started by one, tests). */
export function withCorrelationId<T>(correlationId: string, work: () => T): T {
  return context.run({ correlationId }, work);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
