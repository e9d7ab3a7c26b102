import type { AllStreamResolvedEvent, Filter, Position as ClientPosition, START as CLIENT_START } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions } from '../event-store';
import type { Position } from '../position';
import { BackOff } from '../back-off';
import { sleep } from '../postgres/sleep';
import { toRecordedEvent } from './events';
import { isTransientFailure } from './failures';
import { planFilter } from './filters';
import { toReadPosition } from './positions';

/** What we use of the client's `$all` subscription (a Readable of resolved events). */
export interface ClientSubscription extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
}

export type OpenSubscription = (
  from: typeof CLIENT_START | ClientPosition, filter: Filter,
) => ClientSubscription;

export interface SubscriptionTuning {
  /** First wait before re-subscribing after the server went away; doubles up to 5 s. */
  retryDelayMs?: number;
  /** Called on each transient failure before re-subscribing (for logs). */
  onRetry?: (error: unknown) => void;
}

/**
 * Our subscribeToAll over the client's. EventStoreDB's subscription already starts strictly
 * after the position it is given, delivers in log order and filters on the server; we map
 * events, drop system ones the server filter let through, and end cleanly when the caller
 * leaves the loop or aborts. If the server goes away we subscribe again after the last event we
 * delivered, so the caller sees neither a gap nor a duplicate.
 */
export async function* followAll(
  open: OpenSubscription, options: SubscribeOptions = {}, tuning: SubscriptionTuning = {},
): AsyncGenerator<RecordedEvent, void, undefined> {
  const { signal } = options;
  const plan = planFilter(options.filter);
  let checkpoint: Position | undefined = options.fromPosition;
  const backOff = new BackOff(tuning.retryDelayMs ?? 200, 5_000);
  while (!signal?.aborted) {
    const subscription = open(toReadPosition(checkpoint), plan.server);
    const stop = () => {
      subscription.destroy(); // wakes a pending read
      void subscription.unsubscribe();
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription) {
        const event = resolved.event;
        if (!event) continue;
        backOff.reset();
        if (!plan.matches(event)) continue;
        const recorded = toRecordedEvent(event);
        yield recorded;
        checkpoint = recorded.position;
        if (signal?.aborted) return;
      }
    } catch (error) {
      if (signal?.aborted) return; // destroying the stream on abort surfaces as a premature close
      if (!isTransientFailure(error)) throw error;
      tuning.onRetry?.(error);
    } finally {
      signal?.removeEventListener('abort', stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
    // Ended or failed while nobody asked it to: the server closed it. Start again after a pause.
    await sleep(backOff.next(), signal);
  }
}
