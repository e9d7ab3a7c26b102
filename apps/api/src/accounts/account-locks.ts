/**
 * Runs work for one account at a time in this process, in arrival order. Racing commands on one
 * account would otherwise all decide on the same revision and all but one retry; queued, each
 * decides on the latest state once. (Other processes are still kept honest by the store's
 * optimistic concurrency.)
 */
export class AccountLocks {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(accountId, tail);
    void tail.then(() => {
      if (this.tails.get(accountId) === tail) this.tails.delete(accountId);
    });
    return result;
  }

  /**
   * Takes the account's lock in its turn (after the work queued before), resolving with its release.
   * A caller that holds several must take them in one order (sorted ids) and wait for nothing else
   * while holding them, so that two such callers never wait for each other.
   */
  hold(accountId: string): Promise<() => void> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => held);
    this.tails.set(accountId, tail);
    void tail.then(() => {
      if (this.tails.get(accountId) === tail) this.tails.delete(accountId);
    });
    return previous.then(() => release);
  }
}
