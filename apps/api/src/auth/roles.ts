import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@billing/domain';
import type { Principal } from './principal';

export const ROLES_KEY = 'billing:roles';
export const PUBLIC_KEY = 'billing:public';

/** The roles that may call a route. A route without @Roles or @Public is closed to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No token needed (health, Stripe webhooks — which carry their own signature — the sandbox page). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The verified caller of this request. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
