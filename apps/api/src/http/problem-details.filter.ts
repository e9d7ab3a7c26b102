import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '@billing/domain';
import { ConcurrencyError, EventStoreUnavailableError, InvalidPositionError, isTransientError } from '@billing/event-store';
import type { JsonLogger } from '../logging/json-logger';
import { correlationIdOf } from './correlation-id';
import { type FieldProblem, ProblemError } from './problem';

const STATUS_OF_KIND = { validation: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
}

/** Every error leaves the API as application/problem+json with a stable `code` (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(this.logger, error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

/** Answers an error as its problem (the filter's work; also for what Fastify refuses before any route). */
export function sendProblem(logger: JsonLogger, error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error);
  const correlationId = correlationIdOf(request);
  const path = request.originalUrl.split('?')[0];
  // A bug gets its stack; an outage (503) or a payment provider's error (502) is expected and would only flood the log with them.
  if (problem.status === 503 || problem.status === 502) {
    logger.entry('warn', 'request refused: dependency unavailable', { correlationId, path, error: (error as Error)?.message });
  } else if (problem.status >= 500) {
    logger.entry('error', 'request failed', {
      correlationId, path, error: (error as Error)?.message, stack: (error as Error)?.stack,
    });
  }
  // A streamed answer (the feed, a CSV export) that fails after its status went out can only be cut off.
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  void reply
    .headers(problem.headers ?? {})
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(problem, request.originalUrl, correlationId)));
}

/** The RFC 9457 document of a problem (also each refused item of a batch answer). */
export function problemBody(problem: Problem, instance: string, correlationId?: string) {
  return {
    type: `urn:billing:problem:${problem.code}`,
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    instance,
    code: problem.code,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) {
    return { status: error.status, code: error.code, detail: error.message, errors: error.errors, headers: error.headers };
  }
  if (isDomainError(error)) {
    const details = error.details ?? {};
    const field = typeof details.field === 'string' ? details.field : undefined;
    return {
      status: STATUS_OF_KIND[error.kind],
      code: error.code,
      detail: error.message,
      errors: field ? [{ ...details, field, message: error.message }] : undefined,
    };
  }
  if (error instanceof InvalidPositionError) return { status: 400, code: error.code, detail: error.message };
  if (error instanceof ConcurrencyError) {
    return { status: 409, code: 'CONCURRENCY.CONFLICT', detail: 'The account changed while this request ran; try again.' };
  }
  if (error instanceof EventStoreUnavailableError || isTransientError(error)) {
    return { status: 503, code: 'SERVICE.UNAVAILABLE', detail: 'The database is not reachable right now; try again shortly.', headers: { 'Retry-After': '2' } };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  const bodyError = fastifyProblem(error);
  if (bodyError) return bodyError;
  return { status: 500, code: 'INTERNAL', detail: 'Something went wrong on our side; nothing was changed by this request.' };
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const cause = error.cause as { type?: string } | undefined;
  if (cause?.type === 'entity.parse.failed' || (status === 400 && /JSON/i.test(error.message))) {
    return { status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'The request body is not valid JSON.' };
  }
  const codes: Record<number, string> = {
    400: 'REQUEST.INVALID', 401: 'AUTH.UNAUTHENTICATED', 403: 'AUTH.FORBIDDEN', 404: 'ROUTE.NOT_FOUND',
    405: 'ROUTE.METHOD_NOT_ALLOWED', 413: 'REQUEST.TOO_LARGE', 415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  };
  // Fastify's body limit (FST_ERR_CTP_BODY_TOO_LARGE, as an HttpException): the detail Express's era gave.
  if (status === 413) return { status, code: codes[status], detail: 'The request body is too large.' };
  return { status, code: codes[status] ?? `HTTP.${status}`, detail: error.message };
}

/**
 * Fastify's refusals. Those of its body parsers carry a status, and Nest hands them to the filter as an
 * HttpException (routes-resolver's mapExternalException; see fromHttpException). What arrives here raw
 * is what Fastify refuses before routing (frameworkErrors: a URL it cannot decode), answered as Express
 * answered it (a URIError: 400 REQUEST.INVALID).
 */
function fastifyProblem(error: unknown): Problem | undefined {
  const { code, statusCode, message } = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: string };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (code === 'FST_ERR_BAD_URL') return { status: 400, code: 'REQUEST.INVALID', detail: 'The URL is not valid: a malformed percent-encoding.' };
  const status = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
  return status ? { status, code: status === 400 ? 'REQUEST.INVALID' : `HTTP.${status}`, detail: message ?? 'The request was refused.' } : undefined;
}
