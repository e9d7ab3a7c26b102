import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, Inject, ServiceUnavailableException, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, pendingMigrations } from '@billing/event-store';
import { Public } from '../auth/roles';
import type { Runtime } from '../infrastructure/runtime';
import { ProjectionsHost } from '../projections/projections.host';
import { PG_POOL, RUNTIME } from '../infrastructure/tokens';
import { Example, HEALTH } from '../http/openapi-examples';

/** A failing health check is still a health report: keep terminus' body (what is down and why). */
@Catch(ServiceUnavailableException)
class HealthReportFilter implements ExceptionFilter {
  catch(error: ServiceUnavailableException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(503).json(error.getResponse());
  }
}

/** GET /health: 200 when the database answers and its schema is current, 503 otherwise. */
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
  ) {}

  @Get()
  @Example(200, 'Health', HEALTH, 'Everything is up')
  @Example(503, 'Health', { ...HEALTH, status: 'error', error: { database: { status: 'down', message: 'connect ECONNREFUSED' } } }, 'Something is down: it is named')
  @HealthCheck({ swaggerDocumentation: false })
  check() {
    return this.health.check([() => this.database(), () => this.migrations(), () => this.eventStore(), () => this.readModels()]);
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
