import { Client } from 'pg';
import { sleep } from './sleep';

/**
 * One LISTEN connection per store, shared by its subscribers. A notification bumps a generation
 * counter and wakes every waiter; a subscriber remembers the generation before it reads, so a
 * notification that arrives during the read is never missed. If the connection is lost, it is
 * reopened with back-off; meanwhile subscribers fall back to polling.
 */
export class Notifier {
  private generation = 0;
  private waiters = new Set<() => void>();
  private client: Client | undefined;
  private closed = false;
  private started: Promise<void> | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
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
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([woken, sleep(timeoutMs, controller.signal)]);
    } finally {
      this.waiters.delete(wake);
      controller.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A change made by this process: wake its subscribers without waiting for the round trip. */
  wakeLocal(): void {
    this.wakeAll();
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
    let delay = 100;
    while (!this.closed) {
      const client = new Client({ connectionString: this.connectionString, application_name: 'billing-listener' });
      let live = false;
      client.on('notification', () => this.wakeAll());
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
        await sleep(delay);
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }
}
