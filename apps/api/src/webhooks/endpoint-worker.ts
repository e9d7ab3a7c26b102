import { randomInt } from 'node:crypto';
import { type EventStore, type Position, type RecordedEvent, sleep } from '@billing/event-store';
import { feedItem, matches, storeFilter } from '../feed/feed';
import type { DeliveriesRepository, DeliveryState } from './deliveries.repository';
import { type AttemptResult, verdict } from './delivery-policy';
import type { Endpoint, EndpointsRepository } from './endpoints.repository';
import { Connections, send } from './send';
import { signatureHeader, signingSecrets } from './signing';
import type { WebhookSettings } from './webhook-settings';
import type { WebhookMetrics } from './webhook-metrics';

export interface WorkerParts {
  store: EventStore;
  endpoints: EndpointsRepository;
  deliveries: DeliveriesRepository;
  settings: WebhookSettings;
  metrics: WebhookMetrics;
  onError(error: Error): void;
}

/**
 * Delivers one endpoint's events from its own cursor on the store, so a slow or failing endpoint holds
 * nothing but itself. A batch (at most `batchSize` events: the only events in memory) is split by
 * account stream; accounts are sent side by side (at most `concurrency` requests at once), each account's
 * events one after another in store order. An event that fails stops its account's line until its retry
 * is due; the cursor moves past every event delivered without a gap, and the log remembers the others, so
 * a restart or a new owner resends at most the events whose answer was not yet recorded (at least once).
 */
export class EndpointWorker {
  private wake: (() => void) | undefined;
  private woken = false;
  private connections: Connections | undefined;

  constructor(readonly endpointId: string, private readonly parts: WorkerParts) {}

  /** New events in the store, or a change made through the API: look again now. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  async run(signal: AbortSignal): Promise<void> {
    this.connections = new Connections(this.parts.settings.concurrency);
    try {
      await this.loop(signal);
    } finally {
      this.connections.close();
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let waitMs = this.parts.settings.idlePollMs;
      try {
        const endpoint = await this.parts.endpoints.get(this.endpointId);
        if (!endpoint || endpoint.status !== 'enabled') return;
        await this.redeliver(endpoint);
        const next = await this.batch(endpoint, signal);
        waitMs = next === 'more' ? 0 : next === 'idle' ? waitMs : Math.max(10, Math.min(waitMs * 10, next - Date.now()));
      } catch (error) {
        this.parts.onError(error as Error);
        waitMs = 1_000;
      }
      if (waitMs > 0) await this.pause(waitMs, signal);
    }
  }

  /** 'more': go on at once; 'idle': caught up; a time: the earliest retry due. */
  private async batch(endpoint: Endpoint, signal: AbortSignal): Promise<'more' | 'idle' | number> {
    const { settings, store } = this.parts;
    const filter = { types: endpoint.eventTypes ?? undefined, accountId: endpoint.accountId ?? undefined };
    // Taken before the read, so every event up to it is visible to the read: with a short batch, nothing
    // up to it is left, and the cursor can skip the stretch of other events (a rare event type's endpoint
    // would otherwise scan them again at every look).
    const head = await store.headPosition();
    const read = await store.readAll({ fromPosition: endpoint.position, maxCount: settings.batchSize, filter: storeFilter(filter) });
    const events = read.filter((e) => matches(filter, e));
    if (read.length === 0) {
      if (head && head > endpoint.position) await this.parts.endpoints.advance(endpoint.id, endpoint.epoch, head);
      this.parts.metrics.lag(endpoint.id, 0);
      return 'idle';
    }
    const states = await this.parts.deliveries.states(endpoint.id, events.map((e) => e.id));
    const done = new Set(events.filter((e) => isDone(states.get(e.id), endpoint.epoch)).map((e) => e.id));
    let earliestRetry = Infinity;
    let disabled = false;

    const lines = new Map<string, RecordedEvent[]>();
    for (const e of events) if (!done.has(e.id)) lines.set(e.streamId, [...(lines.get(e.streamId) ?? []), e]);
    const queue = [...lines.values()];
    const line = async () => {
      for (let events = queue.shift(); events && !disabled && !signal.aborted; events = queue.shift()) {
        for (const e of events) {
          const state = states.get(e.id);
          if (state?.nextAttemptAt && state.epoch === endpoint.epoch && state.nextAttemptAt.getTime() > Date.now()) {
            earliestRetry = Math.min(earliestRetry, state.nextAttemptAt.getTime());
            break;
          }
          const outcome = await this.attempt(endpoint, e, state);
          if (outcome === 'delivered') done.add(e.id);
          else {
            if (outcome === 'disabled') disabled = true;
            else earliestRetry = Math.min(earliestRetry, outcome);
            break;
          }
        }
      }
    };
    // Every line has stopped before the batch ends, failed or not: a line still running beside the next
    // batch could send an account's events out of order.
    const ended = await Promise.allSettled(Array.from({ length: Math.min(settings.concurrency, queue.length) }, line));
    const failed = ended.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    let cursor: Position | undefined;
    for (const e of read) {
      if (matches(filter, e) && !done.has(e.id)) break;
      cursor = e.position;
    }
    if (cursor) await this.parts.endpoints.advance(endpoint.id, endpoint.epoch, cursor);
    const oldest = events.find((e) => !done.has(e.id));
    this.parts.metrics.lag(endpoint.id, oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1_000) : 0);
    if (disabled) return 'idle';
    return cursor === read[read.length - 1].position ? 'more' : earliestRetry;
  }

  /** One delivery of one event, its answer written to the log before the next event of its account goes. */
  private async attempt(endpoint: Endpoint, e: RecordedEvent, state: DeliveryState | undefined): Promise<'delivered' | 'disabled' | number> {
    const { settings, metrics } = this.parts;
    const at = new Date();
    const result = await this.post(endpoint, e, at);
    const sameEpoch = state?.epoch === endpoint.epoch && state.state !== 'delivered';
    const attemptsBefore = sameEpoch ? state.attempts : 0;
    const firstAt = sameEpoch && state.firstAttemptAt ? state.firstAttemptAt : at;
    const judged = verdict(result, attemptsBefore, at.getTime() - firstAt.getTime(), settings.retry, randomInt(0, 1_000_000) / 1_000_000);
    if (judged.kind === 'delivered') {
      await this.parts.deliveries.record({ endpointId: endpoint.id, event: e, epoch: endpoint.epoch, at, result, outcome: { state: 'delivered' } });
      metrics.delivered(endpoint.id);
      return 'delivered';
    }
    metrics.failed(endpoint.id);
    if (judged.kind === 'disable') {
      await this.parts.deliveries.record({ endpointId: endpoint.id, event: e, epoch: endpoint.epoch, at, result, outcome: { state: 'failed', nextAttemptAt: null } });
      await this.parts.endpoints.disable(endpoint.id, `${judged.reason} (event ${e.id})`, at);
      return 'disabled';
    }
    const nextAttemptAt = new Date(at.getTime() + judged.delayMs);
    await this.parts.deliveries.record({ endpointId: endpoint.id, event: e, epoch: endpoint.epoch, at, result, outcome: { state: 'pending', nextAttemptAt } });
    return nextAttemptAt.getTime();
  }

  private post(endpoint: Endpoint, e: RecordedEvent, at: Date): Promise<AttemptResult> {
    const body = JSON.stringify(feedItem(e));
    const timestamp = Math.floor(at.getTime() / 1_000);
    const headers = {
      'webhook-id': e.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(signingSecrets(endpoint, at), e.id, timestamp, body),
    };
    return send(endpoint.url, headers, body, this.parts.settings.timeoutMs, this.parts.settings.targets, this.connections);
  }

  /** Events asked for again from the console: sent once each, the answer logged; order is the caller's choice. */
  private async redeliver(endpoint: Endpoint): Promise<void> {
    for (const r of await this.parts.deliveries.redeliveries(endpoint.id, 10)) {
      const [e] = await this.parts.store.readStream(r.streamId, { fromRevision: r.streamRevision, maxCount: 1 });
      const at = new Date();
      const result: AttemptResult = e && e.id === r.eventId ? await this.post(endpoint, e, at) : { status: null, latencyMs: 0, error: 'event not found' };
      await this.parts.deliveries.recordRedelivery(endpoint.id, r.eventId, at, result);
    }
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    const woken = new Promise<void>((resolve) => { this.wake = resolve; });
    return Promise.race([sleep(ms, signal), woken]).finally(() => {
      this.wake = undefined;
      this.woken = false;
    });
  }
}

function isDone(state: DeliveryState | undefined, epoch: number): boolean {
  return state?.state === 'delivered' && state.epoch === epoch;
}
