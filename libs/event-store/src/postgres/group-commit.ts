import type { EventToAppend } from '../event-store';

/** One append as the database function takes it: the expectation is already a number (see EXPECTED_CODES). */
export interface AppendRequest {
  stream: string;
  expected: number;
  events: readonly EventToAppend[];
}

/** es_append's answer for one append. */
export interface AppendRow {
  out_status: 'ok' | 'duplicate' | 'conflict' | 'duplicate_id' | 'duplicate_key';
  out_revision: string;
  out_transaction_ids: string[];
  out_global_positions: string[];
  /** On 'duplicate_key': the key that is taken and the id of the event that holds it. */
  out_key: string | null;
  out_existing: string | null;
}

export interface GroupCommitOptions {
  /** Round trips of appends in flight at once (default 4). More requests wait and go together. */
  lanes?: number;
  /** Most appends in one transaction (default 64). */
  maxBatch?: number;
}

interface Waiting {
  request: AppendRequest;
  resolve(row: AppendRow): void;
  reject(error: unknown): void;
}

/**
 * Group commit for appends. While `lanes` round trips are in flight, new appends wait; when a lane
 * frees up, everything waiting goes in one transaction (es_append_batch): one round trip and one WAL
 * flush for many commands. A lone append goes as it always did, so a quiet service waits for nothing.
 *
 * What stays as it was: each append is all or nothing with its own expectation and its own answer,
 * and no append is answered before the transaction that holds it commits. Two appends to the same
 * stream never share a batch (the second waits for the next one), so each batch's expectations
 * are independent of one another. If a batch fails as a whole (an id already used by another
 * stream, a deadlock with another instance), each of its appends is sent again on its own and gets
 * its own answer; re-sending is safe because appends are idempotent by event id.
 */
export class GroupCommit {
  private readonly lanes: number;
  private readonly maxBatch: number;
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly one: (request: AppendRequest) => Promise<AppendRow>,
    private readonly many: (requests: readonly AppendRequest[]) => Promise<AppendRow[]>,
    /** Errors that answer every append of a failed batch as they are (the database is away: re-sending each would only wait longer). */
    private readonly sharedError: (error: unknown) => boolean,
    options: GroupCommitOptions = {},
  ) {
    this.lanes = Math.max(1, options.lanes ?? 4);
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
  }

  append(request: AppendRequest): Promise<AppendRow> {
    return this.appendAll([request])[0];
  }

  /**
   * Several appends queued together before any is sent, so that they fill the batches (appends one by
   * one from a loop would take a free lane each, alone). Each keeps its own answer.
   */
  appendAll(requests: readonly AppendRequest[]): Promise<AppendRow>[] {
    const answers = requests.map((request) => new Promise<AppendRow>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
    }));
    this.dispatch();
    return answers;
  }

  private dispatch(): void {
    while (this.inFlight < this.lanes && this.waiting.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.dispatch();
      });
    }
  }

  /** The oldest waiting appends, at most one per stream, in stream order (one lock order for every batch). */
  private take(): Waiting[] {
    const streams = new Set<string>();
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const item of this.waiting) {
      if (batch.length < this.maxBatch && !streams.has(item.request.stream)) {
        streams.add(item.request.stream);
        batch.push(item);
      } else {
        rest.push(item);
      }
    }
    this.waiting = rest;
    return batch.sort((a, b) => (a.request.stream < b.request.stream ? -1 : a.request.stream > b.request.stream ? 1 : 0));
  }

  private async send(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.sendOne(batch[0]);
    let rows: AppendRow[];
    try {
      rows = await this.many(batch.map((item) => item.request));
    } catch (error) {
      if (this.sharedError(error)) {
        batch.forEach((item) => item.reject(error));
        return;
      }
      // Nothing of the batch was committed (or, after a lost connection, all of it was: re-sending
      // finds the same events at the same places). Each append gets its own answer now.
      await Promise.all(batch.map((item) => this.sendOne(item)));
      return;
    }
    batch.forEach((item, i) => item.resolve(rows[i]));
  }

  private async sendOne(item: Waiting): Promise<void> {
    try {
      item.resolve(await this.one(item.request));
    } catch (error) {
      item.reject(error);
    }
  }
}
