import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../observability/metrics';

/** Per endpoint: deliveries that succeeded, attempts that failed, and how far behind it is. */
export class WebhookMetrics {
  private readonly deliveredTotal: Counter<'endpoint'>;
  private readonly failedTotal: Counter<'endpoint'>;
  private readonly lagSeconds: Gauge<'endpoint'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.deliveredTotal = existing(metrics, 'billing_webhook_deliveries_total') ?? new Counter({
      name: 'billing_webhook_deliveries_total', help: 'Webhook events delivered (2xx within the timeout), by endpoint', labelNames: ['endpoint'], registers,
    });
    this.failedTotal = existing(metrics, 'billing_webhook_failures_total') ?? new Counter({
      name: 'billing_webhook_failures_total', help: 'Webhook delivery attempts that failed (not 2xx, timeout, connection), by endpoint', labelNames: ['endpoint'], registers,
    });
    this.lagSeconds = existing(metrics, 'billing_webhook_lag_seconds') ?? new Gauge({
      name: 'billing_webhook_lag_seconds', help: 'Age of the oldest event an endpoint has not received yet (0: caught up), by endpoint', labelNames: ['endpoint'], registers,
    });
  }

  delivered(endpoint: string): void {
    this.deliveredTotal.inc({ endpoint });
  }

  failed(endpoint: string): void {
    this.failedTotal.inc({ endpoint });
  }

  lag(endpoint: string, seconds: number): void {
    this.lagSeconds.set({ endpoint }, seconds);
  }

  /** An endpoint no longer delivered here: its series go (another owner, or nobody, reports it). */
  forget(endpoint: string): void {
    this.lagSeconds.remove({ endpoint });
  }
}

function existing<T>(metrics: Metrics, name: string): T | undefined {
  return metrics.registry.getSingleMetric(name) as T | undefined;
}
