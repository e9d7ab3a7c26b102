import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from '../logging/json-logger';
import type { Metrics } from './metrics';

/** One JSON log line and one histogram sample per request, with its correlation id. */
export function requestLog(logger: JsonLogger, metrics: Metrics) {
  return (request: Request & { correlationId?: string }, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route pattern, not the URL: account ids must not become metric labels.
      const route = (request.route?.path as string | undefined) ?? 'unmatched';
      metrics.httpDuration.observe({ method: request.method, route: `${request.baseUrl}${route}`, status: String(response.statusCode) }, seconds);
      logger.entry(response.statusCode >= 500 ? (response.statusCode === 503 ? 'warn' : 'error') : 'info', 'request', {
        correlationId: request.correlationId,
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
      });
    });
    next();
  };
}
