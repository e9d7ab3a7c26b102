import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Every request gets a correlation id (the caller's X-Correlation-Id if sane, else a new uuid):
 * echoed in the response, written in every log line and into the metadata of the events it causes.
 */
export function correlationIdMiddleware(request: Request & { correlationId?: string }, response: Response, next: NextFunction): void {
  request.correlationId = correlationIdFor(request.header(HEADER));
  response.setHeader('X-Correlation-Id', request.correlationId);
  next();
}

/** The caller's id when it is sane, else a new one. */
export function correlationIdFor(given: string | undefined): string {
  return given && VALID.test(given) ? given : randomUUID();
}

export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<{ correlationId: string }>().correlationId;
});
