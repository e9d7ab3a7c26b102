import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import { Metrics } from '../../observability/metrics';
import { ProblemError } from '../problem';
import { RateLimiter } from './rate-limiter';
import { schemaRef } from '../openapi-schemas';

export const RATE_LIMITED_CODE = 'RATE_LIMIT.EXCEEDED';

/** The limiter of the expensive reads, one per process (none when RATE_LIMIT_EXPENSIVE_PER_MINUTE is 0). */
@Injectable()
export class ExpensiveReadLimiter {
  readonly limiter: RateLimiter | undefined;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    const perMinute = runtime.config.rateLimitExpensivePerMinute;
    this.limiter = perMinute > 0 ? new RateLimiter(perMinute) : undefined;
  }
}

/** Who is asking, as the verified token says: an Administrator of one account is not one of another. */
export const principalKey = (principal: Principal) => JSON.stringify([principal.role, principal.sub, principal.accountId ?? null]);

/**
 * Runs after the global AuthGuard, so the caller is known: each principal has its own budget per
 * route; over it, 429 problem+json with Retry-After, and the refusal is counted by route.
 */
@Injectable()
export class ExpensiveReadGuard implements CanActivate {
  constructor(private readonly limits: ExpensiveReadLimiter, private readonly metrics: Metrics) {}

  canActivate(context: ExecutionContext): boolean {
    const limiter = this.limits.limiter;
    if (!limiter) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const route = request.routeOptions.url ?? request.url.split('?')[0];
    const principal = request.principal;
    if (!principal) return true; // only routes behind the AuthGuard carry this guard
    const decision = limiter.take(`${route} ${principalKey(principal)}`, Date.now());
    if (decision.allowed) return true;
    this.metrics.rateLimited.inc({ route });
    throw new ProblemError(
      429, RATE_LIMITED_CODE,
      `At most ${limiter.perMinute} of these requests a minute per caller; try again in ${decision.retryAfterSeconds} s.`,
      undefined, { 'Retry-After': String(decision.retryAfterSeconds) },
    );
  }
}

const RATE_LIMITED_EXAMPLE = {
  type: `urn:billing:problem:${RATE_LIMITED_CODE}`, title: 'Too Many Requests', status: 429,
  detail: 'At most 30 of these requests a minute per caller; try again in 2 s.', instance: '/v1/audit/verify', code: RATE_LIMITED_CODE,
};

/**
 * An expensive read (it folds or scans history): limited per principal to RATE_LIMIT_EXPENSIVE_PER_MINUTE
 * a minute. Never put it on call ends, webhooks or the cheap reads.
 */
export const ExpensiveRead = () =>
  applyDecorators(
    UseGuards(ExpensiveReadGuard),
    ApiResponse({
      status: 429,
      description: 'Too many of these requests by this caller (RATE_LIMIT_EXPENSIVE_PER_MINUTE a minute): wait Retry-After seconds',
      headers: { 'Retry-After': { description: 'Seconds until the next request of this kind is accepted', schema: { type: 'integer', example: 2 } } },
      content: { 'application/problem+json': { schema: schemaRef('Problem'), example: RATE_LIMITED_EXAMPLE } },
    }),
  );
