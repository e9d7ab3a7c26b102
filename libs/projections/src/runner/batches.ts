/**
 * Groups a subscription's events into batches without waiting for a batch to fill: it takes what the
 * subscription has ready (events it already read resolve within microtasks, before setImmediate) and
 * hands it over. Catching up gives full batches; following live gives small ones with no added delay.
 */
export async function* batches<T>(source: AsyncIterable<T>, maxSize: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const LATER = Symbol('later');
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    pending = iterator.next();
    for (;;) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      pending = iterator.next();
      while (batch.length < maxSize) {
        const ready = await Promise.race([pending, new Promise<typeof LATER>((resolve) => setImmediate(() => resolve(LATER)))]);
        if (ready === LATER) break; // keep `pending`: the next batch starts with it, nothing is dropped
        if (ready.done) {
          yield batch;
          return;
        }
        batch.push(ready.value);
        pending = iterator.next();
      }
      yield batch;
    }
  } finally {
    // Not awaited: a read may still be pending, and the caller aborts the subscription to end it.
    pending?.catch(() => undefined);
    iterator.return?.()?.catch(() => undefined);
  }
}
