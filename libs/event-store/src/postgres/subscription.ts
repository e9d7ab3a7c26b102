import { BackOff } from '../back-off';
import { EventStoreUnavailableError } from '../errors';
import type { ReadAllOptions, RecordedEvent, SubscribeOptions } from '../event-store';
import { START } from '../position';
import type { Notifier } from './notifier';
import type { ReadPage } from './read-all';
import { sleep } from './sleep';

export interface SubscriptionTuning {
  /** Subscribers re-read at least this often even without a notification. */
  pollIntervalMs: number;
  /** Events per read while a subscriber catches up. */
  batchSize: number;
}

/** A catch-up subscription over readAll's pages: woken by the notifier, polling as a fallback. */
export async function* subscribeToAll(
  readPage: (options: ReadAllOptions) => Promise<ReadPage>,
  notifier: Notifier,
  tuning: SubscriptionTuning,
  options: SubscribeOptions = {},
): AsyncIterable<RecordedEvent> {
  const { signal, filter } = options;
  let checkpoint = options.fromPosition ?? START;
  const backOff = new BackOff(100, 5_000);
  let notified = false;
  // A notification whose events are not visible yet (an older transaction is still open, see
  // READ_ALL) is re-checked soon rather than at the next poll: 10 ms, doubling.
  let hurry = 0;
  while (!signal?.aborted) {
    const seen = notifier.current;
    let page: ReadPage;
    try {
      page = await readPage({ fromPosition: checkpoint, maxCount: tuning.batchSize, filter });
      backOff.reset();
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError)) throw error;
      await sleep(backOff.next(), signal); // the database is away: keep trying, never give up the subscription
      continue;
    }
    const batch = page.events;
    for (const event of batch) {
      if (signal?.aborted) return;
      yield event;
      checkpoint = event.position;
    }
    // A filter that matched little must not make the next read look at the same events again:
    // resume after everything this one examined (the auto-reload process matches one event type
    // in thousands, and used to re-read the whole history since its last match on every append).
    checkpoint = page.scannedTo;
    if (batch.length === tuning.batchSize) continue;
    hurry = batch.length === 0 && (notified || hurry > 0) ? Math.min(hurry ? hurry * 2 : 10, tuning.pollIntervalMs) : 0;
    await notifier.waitForChange(seen, hurry || tuning.pollIntervalMs, signal);
    notified = notifier.current !== seen;
    // Without this, a follower reads once per append: a busy store's seven followers made two reads per call.
    if (notified && options.gatherMs) await sleep(options.gatherMs, signal);
  }
}
