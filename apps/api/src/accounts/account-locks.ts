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
   * Takes the account's lock now if nothing holds it or waits for it, else answers undefined (it never
   * waits). Work queued meanwhile runs once the returned release is called.
   */
  tryHold(accountId: string): (() => void) | undefined {
    if (this.tails.has(accountId)) return undefined;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.tails.set(accountId, held);
    void held.then(() => {
      if (this.tails.get(accountId) === held) this.tails.delete(accountId);
    });
    return release;
  }
}
