import { setMaxListeners } from 'node:events';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ACCOUNT_STREAM_PREFIX } from '@billing/domain';
import { sleep, withRetry } from '@billing/event-store';
import { Ownership } from '@billing/projections';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { Metrics } from '../observability/metrics';
import { DeliveriesRepository } from './deliveries.repository';
import { EndpointsRepository } from './endpoints.repository';
import { EndpointWorker, type WorkerParts } from './endpoint-worker';
import { WebhookMetrics } from './webhook-metrics';

const SCAN_MS = 2_000;
/** The delivery log keeps delivered rows for logRetentionMs; what is pending stays until delivered. */
const PRUNE_EVERY_MS = 3_600_000;
const lockOf = (endpointId: string) => `billing-webhook-endpoint:${endpointId}`;

/**
 * Runs one worker per enabled endpoint this instance owns. Ownership is an advisory lock per endpoint on
 * one dedicated connection (as projections do): each endpoint is delivered by one instance at a time, and
 * when an instance dies its locks go with its session, so another instance's next scan takes over from
 * the endpoint's checkpointed cursor. A single live subscription to the store only wakes the workers;
 * each reads its own events from its own cursor.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stopping = new AbortController();
  private supervisor: Promise<void> | undefined;
  private readonly workers = new Map<string, EndpointWorker>();
  private readonly parts: WorkerParts;
  readonly endpoints: EndpointsRepository;
  readonly deliveries: DeliveriesRepository;
  private scanNow: (() => void) | undefined;
  private prunedAt = 0;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, metrics: Metrics) {
    this.endpoints = new EndpointsRepository(runtime.pool);
    this.deliveries = new DeliveriesRepository(runtime.pool);
    this.parts = {
      store: runtime.eventStore, endpoints: this.endpoints, deliveries: this.deliveries, settings: runtime.config.webhooks,
      metrics: new WebhookMetrics(metrics),
      onError: (error) => runtime.logger.entry('warn', 'webhook delivery interrupted; will retry', { error: error.message }),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // The API manages endpoints even where this instance does not deliver: the tables exist either way.
    await withRetry(() => this.endpoints.migrate(), { attempts: 10, initialDelayMs: 200 });
    if (this.runtime.config.webhooks.enabled) this.supervisor = this.supervise();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.supervisor;
  }

  /** An endpoint changed through the API: its worker (if here) looks again, and new endpoints are picked up. */
  changed(endpointId: string): void {
    this.workers.get(endpointId)?.notify();
    this.scanNow?.();
  }

  private async supervise(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const session = new AbortController();
      setMaxListeners(0, session.signal); // every worker waits on it: one listener each, removed as it wakes
      const stop = () => session.abort();
      this.stopping.signal.addEventListener('abort', stop, { once: true });
      let ownership: Ownership | undefined;
      const running: Promise<void>[] = [];
      try {
        ownership = await Ownership.open({ connectionString: this.connectionString(), application_name: `webhooks-lock:${process.pid}` }, 2_000, stop);
        const owned = ownership;
        running.push(this.wakeOnEvents(session.signal).catch((error: Error) => this.parts.onError(error)));
        while (!session.signal.aborted) {
          for (const id of await this.endpoints.enabledIds()) {
            if (this.workers.has(id) || !(await owned.tryAcquire(lockOf(id)))) continue;
            const worker = new EndpointWorker(id, this.parts);
            this.workers.set(id, worker);
            running.push(worker.run(session.signal).finally(async () => {
              this.workers.delete(id);
              this.parts.metrics.forget(id);
              await owned.release(lockOf(id)).catch(() => undefined);
            }));
          }
          if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
            this.prunedAt = Date.now();
            await this.deliveries.prune(new Date(Date.now() - this.runtime.config.webhooks.logRetentionMs));
          }
          await new Promise<void>((resolve) => {
            this.scanNow = resolve;
            sleep(SCAN_MS, session.signal).then(resolve);
          });
        }
      } catch (error) {
        this.runtime.logger.entry('warn', 'webhook dispatcher interrupted; will retry', { error: (error as Error).message });
      } finally {
        session.abort();
        this.stopping.signal.removeEventListener('abort', stop);
        // Every worker has stopped (its request in flight answered or timed out) before the locks go.
        await Promise.allSettled(running);
        await ownership?.close();
      }
      await sleep(1_000, this.stopping.signal);
    }
  }

  /** Follows the store's head only to wake the workers: nothing is kept. */
  private async wakeOnEvents(signal: AbortSignal): Promise<void> {
    const fromPosition = await this.runtime.eventStore.headPosition();
    for await (const _event of this.runtime.eventStore.subscribeToAll({ fromPosition, filter: { streamPrefixes: [ACCOUNT_STREAM_PREFIX] }, signal, gatherMs: 20 })) {
      for (const worker of this.workers.values()) worker.notify();
    }
  }

  private connectionString(): string {
    return (this.runtime.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  }
}
