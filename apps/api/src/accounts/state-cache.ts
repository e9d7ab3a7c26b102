import type { AccountState } from '@billing/domain';

export interface CachedAccount {
  state: AccountState;
  revision: number;
}

/**
 * The latest folded state of recently used accounts, with the revision it covers: loading an account
 * reads only the events after it, so a command costs the same at the 10th event and the 100,000th.
 * Least recently used accounts are dropped beyond `capacity`. The store stays the truth: the tail read
 * brings in whatever another process appended.
 */
export class StateCache {
  private readonly entries = new Map<string, CachedAccount>();

  constructor(private readonly capacity: number) {}

  get(accountId: string): CachedAccount | undefined {
    const entry = this.entries.get(accountId);
    if (entry) {
      this.entries.delete(accountId); // re-insert: Map order is the recency order
      this.entries.set(accountId, entry);
    }
    return entry;
  }

  set(accountId: string, entry: CachedAccount): void {
    if (this.capacity <= 0) return;
    this.entries.delete(accountId);
    this.entries.set(accountId, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
