import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type BillingCommandType, permissionRefusal, type Role } from '@billing/domain';
import { accountNotFound, forbidden, unauthenticated } from '../http/problem';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import type { Principal } from './principal';
import { COMMAND_KEY, PUBLIC_KEY, ROLES_KEY } from './roles';
import { createTokenVerifier, type TokenVerifier } from './tokens';

/**
 * Every request: a valid bearer token (401 otherwise), a role the route allows (403), and for an
 * account's Administrator or Editor, only their own account — any other is answered 404, so
 * the existence of other accounts is not revealed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: TokenVerifier;

  constructor(private readonly reflector: Reflector, @Inject(RUNTIME) runtime: Runtime) {
    this.tokens = createTokenVerifier(runtime.config.auth);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('Send a token: Authorization: Bearer <JWT>.');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <JWT>".');
    const principal = await this.tokens.verify(match[1]);
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    const command = this.reflector.getAllAndOverride<BillingCommandType | undefined>(COMMAND_KEY, targets);
    const refusal = command ? permissionRefusal(principal.role, command) : undefined;
    if (refusal) throw refusal;
    if (!allowed.includes(principal.role)) throw forbidden(`The ${principal.role} role may not do this.`);
    const accountId = (request.params as Record<string, string | undefined> | undefined)?.accountId;
    if (accountId && (principal.role === 'admin' || principal.role === 'editor') && principal.accountId !== accountId) {
      throw accountNotFound();
    }
    return true;
  }
}
