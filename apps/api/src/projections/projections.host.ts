import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { migrateProjections, ProjectionRunner, type ProjectionLogger } from '@billing/projections';
import { withRetry } from '@billing/event-store';
import { Metrics } from '../observability/metrics';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';

/**
 * Runs the read-model projections in this process. Several instances may run: each projection is
 * owned by one of them at a time (advisory locks) and another takes over when the owner dies.
 * The runner reads the store through its checkpointed subscription, never the in-process bus.
 */
@Injectable()
export class ProjectionsHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runner: ProjectionRunner;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, metrics: Metrics) {
    const log = (level: 'info' | 'warn' | 'error') => (message: string, context?: Record<string, unknown>) =>
      runtime.logger.entry(level, message, { component: 'projections', ...context });
    const logger: ProjectionLogger = { info: log('info'), warn: log('warn'), error: log('error') };
    this.runner = new ProjectionRunner({ store: runtime.eventStore, pool: runtime.pool, logger, instanceId: `${process.pid}` });
    this.registerLagGauges(metrics);
  }

  /** Lag is read at scrape time, as stored, whichever instance owns each projection. */
  private registerLagGauges(metrics: Metrics): void {
    const runner = this.runner;
    let latest: Promise<Awaited<ReturnType<ProjectionRunner['lag']>>> | undefined;
    // Both gauges come from one lag() call per scrape.
    const lag = () => (latest ??= runner.lag().finally(() => setTimeout(() => (latest = undefined), 500)));
    new Gauge({
      name: 'billing_projection_lag_events', help: 'Events not yet applied, per projection (counted up to 1,000)',
      labelNames: ['projection'] as const, registers: [metrics.registry],
      async collect() {
        for (const l of await lag()) this.set({ projection: l.projection }, l.eventsBehind);
      },
    });
    new Gauge({
      name: 'billing_projection_lag_seconds', help: 'Age of the oldest event not yet applied, per projection',
      labelNames: ['projection'] as const, registers: [metrics.registry],
      async collect() {
        for (const l of await lag()) this.set({ projection: l.projection }, l.secondsBehind);
      },
    });
  }

  /** The read-model tables exist on every instance (its queries need them), projecting or not. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.runtime.config.projectionsEnabled) await this.runner.start();
    else await withRetry(() => migrateProjections(this.runtime.pool, 'public'), { attempts: 10, initialDelayMs: 200 });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.runtime.config.projectionsEnabled) await this.runner.stop();
  }
}
