import { type DynamicModule, Module } from '@nestjs/common';
import { DevTokenController } from './dev-token.http.controller';

/** Development conveniences; absent from a production process. */
@Module({})
export class DevModule {
  static register(nodeEnv: string): DynamicModule {
    return { module: DevModule, controllers: nodeEnv === 'production' ? [] : [DevTokenController] };
  }
}
