import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { droppedLogLines } from '../logging/pino-root';

/** Prometheus metrics of this process (one registry per app, so tests can run several apps). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'billing_commands_total',
    help: 'Account commands by type and outcome (accepted, unchanged, refused, failed)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly concurrencyRetries = new Counter({
    name: 'billing_concurrency_retries_total',
    help: 'Commands decided again because another writer changed the account first',
    registers: [this.registry],
  });

  readonly reloadOutcomes = new Counter({
    name: 'billing_auto_reload_charges_total',
    help: 'Off-session auto-reload charge attempts by outcome (succeeded, failed, pending, retry, gave_up, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly providerErrors = new Counter({
    name: 'billing_payment_provider_errors_total',
    help: 'Failed payment-provider calls by class (card, permanent, transient, systemic) and operation (charge, checkout)',
    labelNames: ['class', 'operation'] as const,
    registers: [this.registry],
  });

  readonly webhooks = new Counter({
    name: 'billing_stripe_webhooks_total',
    help: 'Stripe webhook deliveries by event type and result (recorded, unchanged, ignored, rejected)',
    labelNames: ['type', 'result'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'billing_rate_limited_total',
    help: 'Expensive reads refused 429 because their caller was over RATE_LIMIT_EXPENSIVE_PER_MINUTE, by route',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly droppedLogLines = new Gauge({
    name: 'billing_log_lines_dropped_total',
    help: 'Log lines dropped because stdout was not read and 16 MiB of output already waited (this process, since start)',
    registers: [this.registry],
    collect() {
      this.set(droppedLogLines());
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
