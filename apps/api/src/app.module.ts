import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';
import type { Runtime } from './infrastructure/runtime';
import { EVENT_STORE, PG_POOL, RUNTIME } from './infrastructure/tokens';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: PG_POOL, useValue: runtime.pool },
        { provide: EVENT_STORE, useValue: runtime.eventStore },
      ],
      exports: [RUNTIME, PG_POOL, EVENT_STORE],
    };
  }
}
