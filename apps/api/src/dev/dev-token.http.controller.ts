import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ROLES, type Role } from '@billing/domain';
import { Public } from '../auth/roles';
import { signTokenFor } from '../auth/tokens';
import { ProblemError } from '../http/problem';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';

export class DevTokenRequest {
  @IsIn(ROLES as unknown as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'accountId must be 1 to 64 letters, digits, "_" or "-"' })
  accountId?: string;
}

/** The lifetime of a development login: the console holds it, so short; it logs in again after. */
export const DEV_TOKEN_LIFETIME = '1h';

/**
 * POST /v1/dev/token — the console's development login: pick a role (and an account), get a token.
 * Registered only while the development secret is in use (see DevModule), and refuses anyway if it ever
 * were otherwise: it must never mint tokens with a configured secret.
 */
@ApiExcludeController()
@Public()
@Controller('dev/token')
export class DevTokenController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post()
  @HttpCode(201)
  async issue(@Body() body: DevTokenRequest) {
    if (!this.runtime.config.auth.usingDevelopmentSecret) throw new ProblemError(404, 'ROUTE.NOT_FOUND', 'Not found.');
    if ((body.role === 'admin' || body.role === 'editor') && !body.accountId) {
      throw new ProblemError(400, 'VALIDATION.FAILED', `accountId is required for the ${body.role} role`, [{ field: 'accountId', message: 'required for admin and editor' }]);
    }
    const request = { sub: `dev-${body.role}`, role: body.role, accountId: body.accountId, expiresIn: DEV_TOKEN_LIFETIME };
    const token = await signTokenFor(request, this.runtime.config.auth);
    return { token, role: body.role, accountId: body.accountId ?? null };
  }
}
