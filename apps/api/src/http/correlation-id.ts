import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The raw Node request carries the id: whichever part sees the request first (this hook, a logger) sets it. */
export type WithCorrelationId = { correlationId?: string };

/**
 * Every request gets a correlation id (the caller's X-Correlation-Id if sane, else a new uuid):
 * echoed in the response, written in every log line and into the metadata of the events it causes.
 * A Fastify `onRequest` hook; the header goes on the raw response so that streamed (hijacked) answers carry it too.
 */
export function correlationIdHook(request: FastifyRequest & WithCorrelationId, reply: FastifyReply, done: () => void): void {
  request.correlationId = correlationIdOf(request);
  reply.raw.setHeader('X-Correlation-Id', request.correlationId);
  done();
}

/** The request's id: the one already on its raw request, else computed from its header and stored there. */
export function correlationIdOf(request: { raw: IncomingMessage & WithCorrelationId }): string {
  const raw = request.raw;
  if (raw.correlationId === undefined) {
    const header = raw.headers[HEADER];
    raw.correlationId = correlationIdFor(Array.isArray(header) ? header[0] : header);
  }
  return raw.correlationId;
}

/** The caller's id when it is sane, else a new one. */
export function correlationIdFor(given: string | undefined): string {
  return given && VALID.test(given) ? given : randomUUID();
}

export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest & WithCorrelationId>();
  return request.correlationId ?? correlationIdOf(request);
});
