import type { Actor } from '@billing/domain';
import type { Principal } from '../auth/principal';

/** What every account command carries from HTTP: who acts, when, and the request's identity. */
export interface RequestContext {
  actor: Actor;
  at: string;
  correlationId: string;
}

export function requestContext(principal: Principal, correlationId: string, now: Date = new Date()): RequestContext {
  return { actor: { id: principal.sub, role: principal.role }, at: now.toISOString(), correlationId };
}
