import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, Inject, ServiceUnavailableException, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, pendingMigrations } from '@billing/event-store';
import { Public } from '../auth/roles';
import type { Runtime } from '../infrastructure/runtime';
import { PaymentProviderHealth } from '../payments/provider-health';
import { ProjectionsHost } from '../projections/projections.host';
import { PG_POOL, RUNTIME } from '../infrastructure/tokens';
import { Example, HEALTH, LIVENESS } from '../http/openapi-examples';

/** A failing health check is still a health report: keep terminus' body (what is down and why). */
@Catch(ServiceUnavailableException)
class HealthReportFilter implements ExceptionFilter {
  catch(error: ServiceUnavailableException, host: ArgumentsHost): void {
    void host.switchToHttp().getResponse<FastifyReply>().status(503).send(error.getResponse());
  }
}

const NOT_READY = { ...HEALTH, status: 'error', error: { paymentProvider: { status: 'down', mode: 'stripe', since: '2026-11-25T10:15:00.000Z', lastError: 'Invalid API Key provided: sk_live_****1234' } } };

/**
 * GET /health/live: the process answers (no dependency is asked, so an orchestrator restarts only a
 * process that is stuck). GET /health/ready: 200 when the database answers, its schema is current, the
 * event store reads, the payment provider accepts our key and no projection is stuck; 503 naming what
 * is not. GET /health is the same as ready (kept for what already polls it).
 */
@ApiTags('health')
@Public()
@UseFilters(HealthReportFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly projections: ProjectionsHost,
    private readonly provider: PaymentProviderHealth,
  ) {}

  @Get('live')
  @Example(200, 'Liveness', LIVENESS, 'The process answers')
  @ApiOperation({ summary: 'Liveness: the process answers; no dependency is checked' })
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @Example(200, 'Health', HEALTH, 'Ready: every dependency is up')
  @Example(503, 'Health', NOT_READY, 'Not ready: what is down is named (database, migrations, eventStore, paymentProvider, projections)')
  @ApiOperation({ summary: 'Readiness: database, migrations, event store, payment provider, projections' })
  @HealthCheck({ swaggerDocumentation: false })
  ready() {
    return this.readiness();
  }

  @Get()
  @Example(200, 'Health', HEALTH, 'Everything is up')
  @Example(503, 'Health', { ...HEALTH, status: 'error', error: { database: { status: 'down', message: 'connect ECONNREFUSED' } } }, 'Something is down: it is named')
  @ApiOperation({ summary: 'The same as /health/ready (kept for compatibility)' })
  @HealthCheck({ swaggerDocumentation: false })
  check() {
    return this.readiness();
  }

  private readiness() {
    return this.health.check([
      () => this.database(), () => this.migrations(), () => this.eventStore(), () => this.paymentProvider(), () => this.readModels(),
    ]);
  }

  /** Down while the provider refuses our own credentials (reported by the payment code); the sandbox is always up. */
  private paymentProvider() {
    const indicator = this.indicators.check('paymentProvider');
    const mode = this.runtime.config.stripe.secretKey ? 'stripe' : 'sandbox';
    const report = this.provider.report();
    return report.status === 'up' ? indicator.up({ mode }) : indicator.down({ mode, since: report.since, lastError: report.lastError });
  }

  private async database() {
    const indicator = this.indicators.check('database');
    try {
      const started = performance.now();
      await this.pool.query('SELECT 1');
      return indicator.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** The event store answers a read (for EventStoreDB, a separate server). */
  private async eventStore() {
    const indicator = this.indicators.check('eventStore');
    try {
      await this.runtime.eventStore.headPosition();
      return indicator.up({ adapter: this.runtime.eventStoreAdapter });
    } catch (error) {
      return indicator.down({ adapter: this.runtime.eventStoreAdapter, message: (error as Error).message });
    }
  }

  /** Read models: lag per projection; down when one stopped at an event it cannot apply. */
  private async readModels() {
    const indicator = this.indicators.check('projections');
    if (!this.runtime.config.projectionsEnabled) return indicator.up({ enabled: false });
    try {
      const lag = await this.projections.runner.lag();
      const detail = Object.fromEntries(lag.map((l) => [l.projection, { eventsBehind: l.eventsBehind, secondsBehind: l.secondsBehind, failedEventId: l.failedEventId }]));
      return lag.some((l) => l.failedEventId) ? indicator.down(detail) : indicator.up(detail);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async migrations() {
    if (this.runtime.eventStoreAdapter !== 'postgresql') return this.indicators.check('migrations').up({ eventStore: 'not in PostgreSQL' });
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await pendingMigrations(this.pool, EVENT_STORE_MIGRATIONS);
      return pending.length === 0 ? indicator.up() : indicator.down({ pending });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
