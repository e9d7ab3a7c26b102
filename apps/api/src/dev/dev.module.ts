import { type DynamicModule, Module } from '@nestjs/common';
import type { AuthConfig } from '../config/auth-config';
import { DevTokenController } from './dev-token.http.controller';

/**
 * Development conveniences. The development login mints tokens with the development secret, which is
 * public: it is routed only while that secret is what verifies tokens. With AUTH_JWT_SECRET or
 * AUTH_JWKS_URL configured it does not exist (404 like any unknown route), whatever NODE_ENV says.
 */
@Module({})
export class DevModule {
  static register(auth: Pick<AuthConfig, 'usingDevelopmentSecret'>): DynamicModule {
    return { module: DevModule, controllers: auth.usingDevelopmentSecret ? [DevTokenController] : [] };
  }
}
