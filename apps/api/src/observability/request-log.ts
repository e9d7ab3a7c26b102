import type { FastifyInstance, FastifyRequest } from 'fastify';
import { correlationIdOf } from '../http/correlation-id';
import type { JsonLogger } from '../logging/json-logger';
import type { Metrics } from './metrics';

const STARTED = Symbol('request started');
type Timed = FastifyRequest & { [STARTED]?: bigint };

/** The route pattern, not the URL (account ids must not become metric labels); 'unmatched' for a 404. */
export const routeLabel = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/**
 * One JSON log line and one histogram sample per request, with its correlation id: Fastify hooks, the
 * clock started in `onRequest`, the line written in `onResponse` (once the response is finished, as
 * before; also for hijacked, streamed answers).
 */
export function registerRequestLog(fastify: FastifyInstance, logger: JsonLogger, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    startClock(request);
    done();
  });
  fastify.addHook('onResponse', (request: Timed, reply, done) => {
    logRequest(logger, metrics, request, reply.statusCode);
    done();
  });
}

/** The request's duration is measured from here. */
export function startClock(request: FastifyRequest): void {
  (request as Timed)[STARTED] = process.hrtime.bigint();
}

/** The request's line and sample, once its response is finished. */
export function logRequest(logger: JsonLogger, metrics: Metrics, request: Timed, status: number): void {
  const seconds = Number(process.hrtime.bigint() - (request[STARTED] ?? process.hrtime.bigint())) / 1e9;
  metrics.httpDuration.observe({ method: request.method, route: routeLabel(request), status: String(status) }, seconds);
  logger.entry(status >= 500 ? (status === 503 ? 'warn' : 'error') : 'info', 'request', {
    correlationId: correlationIdOf(request),
    method: request.method,
    path: request.originalUrl.split('?')[0], // as the caller sent it (rewriteUrl may have dropped a trailing slash)
    status,
    durationMs: Math.round(seconds * 1000 * 10) / 10,
  });
}
