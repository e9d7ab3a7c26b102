import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@billing/domain';
import { Example } from '../http/openapi-examples';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import type { Principal } from './principal';
import { Caller, Public, Roles } from './roles';

/** What a login page needs to know, and who a token makes you: the console asks both. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('options')
  @Public()
  @Example(200, 'LoginOptions', { developmentLogin: false })
  @ApiOperation({ summary: 'How to log in here: developmentLogin is true only while the development secret is in use (POST /v1/dev/token exists then)' })
  options() {
    return { developmentLogin: this.runtime.config.auth.usingDevelopmentSecret };
  }

  @Get('session')
  @ApiBearerAuth()
  @Roles(...ROLES)
  @Example(200, 'Session', { sub: 'alice', role: 'admin', accountId: 'acc_1' })
  @ApiOperation({ summary: 'Who the bearer token makes the caller, as this service verified it (role and account whatever the claims are named)' })
  session(@Caller() caller: Principal) {
    return { sub: caller.sub, role: caller.role, accountId: caller.accountId ?? null };
  }
}
