import { Client, type ClientConfig, type QueryResult } from 'pg';

/**
 * The advisory locks that say which instance owns which projection, held on one dedicated connection.
 * Session-level locks die with their session: when this process dies (or its connection does), the
 * server releases them and another instance's next attempt takes over. When the connection is lost,
 * `onLost` fires once and this object is spent; the runner opens a new one and tries again.
 */
export class Ownership {
  private lost = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /** One query at a time on the connection: the heartbeat and lock calls would otherwise overlap. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly client: Client, private readonly onLost: (error: Error) => void) {}

  static async open(config: ClientConfig, heartbeatMs: number, onLost: (error: Error) => void): Promise<Ownership> {
    const client = new Client({ ...config, keepAlive: true });
    const ownership = new Ownership(client, onLost);
    client.on('error', (error) => ownership.markLost(error));
    client.on('end', () => ownership.markLost(new Error('ownership connection ended')));
    try {
      await client.connect();
    } catch (error) {
      ownership.lost = true; // never connected: nothing to report, the caller sees the error
      await client.end().catch(() => undefined);
      throw error;
    }
    // A connection can die without a word (a dropped network path): a periodic query finds out.
    ownership.heartbeat = setInterval(() => {
      ownership.query('SELECT 1').catch((error: Error) => ownership.markLost(error));
    }, heartbeatMs);
    ownership.heartbeat.unref();
    return ownership;
  }

  get alive(): boolean {
    return !this.lost;
  }

  /** The server process id of the lock connection (tests terminate it to simulate a lost connection). */
  async backendPid(): Promise<number> {
    const result = await this.query('SELECT pg_backend_pid() AS pid');
    return Number(result.rows[0].pid);
  }

  /** True when this instance now owns the projection (or already did). */
  async tryAcquire(lockName: string): Promise<boolean> {
    const result = await this.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [lockName]);
    return result.rows[0].ok === true;
  }

  async release(lockName: string): Promise<void> {
    if (!this.lost) await this.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
  }

  /** Ends the session, which releases every lock it holds. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    const wasLost = this.lost;
    this.lost = true;
    // A lost connection was ended already; ending it again may wait for an 'end' that has come and gone.
    if (!wasLost) await this.client.end().catch(() => undefined);
  }

  private query(text: string, values: unknown[] = []): Promise<QueryResult> {
    const result = this.queue.then(() => this.client.query(text, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private markLost(error: Error): void {
    if (this.lost) return;
    this.lost = true;
    clearInterval(this.heartbeat);
    this.client.end().catch(() => undefined);
    this.onLost(error);
  }
}
