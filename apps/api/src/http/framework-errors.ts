import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLogger } from '../logging/json-logger';
import type { Metrics } from '../observability/metrics';
import { logRequest, startClock } from '../observability/request-log';
import { correlationIdHook } from './correlation-id';
import { sendProblem } from './problem-details.filter';

type Hook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void;

/**
 * Fastify's `frameworkErrors`: what it refuses before routing (a URL it cannot decode, FST_ERR_BAD_URL)
 * skips every hook and Nest's filter. Such a request gets what every other one gets: the security
 * headers, a correlation id, its problem detail and its log line. `metrics` is asked for late: the
 * adapter is built before the application that holds it.
 */
export function frameworkErrors(securityHeaders: Hook, logger: JsonLogger, metrics: () => Metrics) {
  return (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
    startClock(request);
    reply.raw.once('finish', () => logRequest(logger, metrics(), request, reply.raw.statusCode));
    securityHeaders(request, reply, () => correlationIdHook(request, reply, () => sendProblem(logger, error, request, reply)));
  };
}
