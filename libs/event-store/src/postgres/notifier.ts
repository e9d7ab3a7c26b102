import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BackOff } from '../back-off';
import { sleep } from './sleep';

/** At most one NOTIFY per this interval: appends meanwhile are covered by the next one. */
const NOTIFY_INTERVAL_MS = 10;

/**
 * One LISTEN connection per store, shared by its subscribers. A notification bumps a generation
 * counter and wakes every waiter; a subscriber remembers the generation before it reads, so a
 * notification that arrives during the read is never missed. If the connection is lost, it is
 * reopened with back-off; meanwhile subscribers fall back to polling.
 */
export class Notifier {
  /** The payload of this store's notifications: its own come back on its LISTEN connection and are skipped. */
  private readonly id = randomUUID();
  private notifying = false;
  private notifyAgain = false;
  private generation = 0;
  private waiters = new Set<() => void>();
  private client: Client | undefined;
  private closed = false;
  private started: Promise<void> | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    /** Sends the NOTIFY (through the store's pool). */
    private readonly notify: (channel: string, payload: string) => Promise<unknown>,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  get current(): number {
    return this.generation;
  }

  /** Starts listening (once); resolves when the first connection is up or has failed. */
  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  /** Resolves when a notification newer than `seen` arrives, after `timeoutMs`, or on abort. */
  async waitForChange(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.generation !== seen || signal?.aborted) return;
    // A timer and a waker, no AbortController: subscribers wait here after every read, and aborting a
    // controller builds a DOMException with its stack each time (measured: 2 % of the API's CPU).
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * After a commit: wakes this process's subscribers at once, other processes' through a NOTIFY, at
   * most one in flight and one per NOTIFY_INTERVAL_MS (each append sending its own cost the API a
   * round trip per call). A lost notification only delays other processes until their next poll.
   */
  announce(): void {
    this.wakeAll();
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void (async () => {
      do {
        this.notifyAgain = false;
        await this.notify(this.channel, this.id).catch(() => undefined);
        await sleep(NOTIFY_INTERVAL_MS);
      } while (this.notifyAgain && !this.closed);
      this.notifying = false;
    })();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private wakeAll(): void {
    this.generation++;
    for (const wake of this.waiters) wake();
  }

  private async connect(): Promise<void> {
    const backOff = new BackOff(100, 5_000);
    while (!this.closed) {
      const client = new Client({ connectionString: this.connectionString, application_name: 'billing-listener' });
      let live = false;
      client.on('notification', (message) => {
        if (message.payload !== this.id) this.wakeAll(); // our own appends woke our subscribers already
      });
      client.on('error', (error) => {
        this.onError(error);
        if (live) void client.end().catch(() => undefined);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${this.channel}`);
        if (this.closed) {
          await client.end();
          return;
        }
        live = true;
        client.on('end', () => {
          if (this.client === client) this.client = undefined;
          // Wake subscribers so they re-read (they may have missed notifications), then reconnect.
          this.wakeAll();
          if (!this.closed) void this.connect();
        });
        this.client = client;
        this.wakeAll();
        return;
      } catch (error) {
        this.onError(error as Error);
        await client.end().catch(() => undefined);
        await sleep(backOff.next());
      }
    }
  }
}
