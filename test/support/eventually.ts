/**
 * Polling for tests that wait on something asynchronous (a projection, a reload paid, a webhook
 * delivered). One home for it, so every wait has a deadline and says what it waited for.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it gives a value (not undefined or false) and returns it; throws naming `what` at the deadline. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(everyMs);
  }
}

/** Polls until `check` is true; throws naming `what` at the deadline. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000, everyMs = 50): Promise<void> {
  await eventually(what, async () => (await check()) || undefined, timeoutMs, everyMs);
}

/**
 * Reads until `done` holds and returns the last value read, also at the deadline: the test's own
 * assertion on the value then shows what was there instead of a bare timeout.
 */
export async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(everyMs);
  }
}
