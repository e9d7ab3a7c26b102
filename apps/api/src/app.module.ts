import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AccountRepository } from './accounts/account-repository';
import { AccountSnapshots } from './accounts/account-snapshots';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { DevModule } from './dev/dev.module';
import { FeedModule } from './feed/feed.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ExpensiveReadLimiter } from './http/rate-limit/expensive-read';
import { HealthController } from './health/health.controller';
import { Metrics } from './observability/metrics';
import { PaymentProviderHealth } from './payments/provider-health';
import { ProjectionsHost } from './projections/projections.host';
import { MetricsController } from './observability/metrics.http.controller';
import type { Runtime } from './infrastructure/runtime';
import { EVENT_STORE, PG_POOL, PLANS, RUNTIME } from './infrastructure/tokens';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false }), AccountsModule, FeedModule, WebhooksModule, AuditModule, AuthModule, DevModule.register(runtime.config.auth)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: PG_POOL, useValue: runtime.pool },
        { provide: EVENT_STORE, useValue: runtime.eventStore },
        { provide: PLANS, useValue: runtime.config.plans },
        { provide: APP_GUARD, useClass: AuthGuard },
        AccountSnapshots,
        AccountRepository,
        Metrics,
        ExpensiveReadLimiter,
        PaymentProviderHealth,
        ProjectionsHost,
      ],
      exports: [RUNTIME, PG_POOL, EVENT_STORE, PLANS, AccountRepository, Metrics, ExpensiveReadLimiter, PaymentProviderHealth, ProjectionsHost],
    };
  }
}
