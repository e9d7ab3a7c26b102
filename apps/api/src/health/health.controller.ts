import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, pendingMigrations } from '@billing/event-store';
import { PG_POOL } from '../infrastructure/tokens';

/** GET /health: 200 when the database answers and its schema is current, 503 otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database(), () => this.migrations()]);
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

  private async migrations() {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await pendingMigrations(this.pool, EVENT_STORE_MIGRATIONS);
      return pending.length === 0 ? indicator.up() : indicator.down({ pending });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
