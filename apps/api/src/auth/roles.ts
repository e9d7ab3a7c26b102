import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type BillingCommandType, COMMAND_PERMISSIONS, type Role } from '@billing/domain';
import type { Principal } from './principal';

export const ROLES_KEY = 'billing:roles';
export const PUBLIC_KEY = 'billing:public';
export const COMMAND_KEY = 'billing:command';

/** The roles that may call a route. A route without @Roles or @Public is closed to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/**
 * A route that runs a domain command: its roles are the domain's COMMAND_PERMISSIONS for it, and the
 * guard refuses others with the domain's own refusal (code and reason), before anything is read.
 */
export const RolesFor = (command: BillingCommandType) =>
  applyDecorators(SetMetadata(ROLES_KEY, [...COMMAND_PERMISSIONS[command]]), SetMetadata(COMMAND_KEY, command));
/** No token needed (health, Stripe webhooks — which carry their own signature — the sandbox page). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The verified caller of this request. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
