import type { Pool } from 'pg';
import { ACCOUNT_STREAM_PREFIX, type AccountState, type BillingEvent, evolveAll, initialState } from '@billing/domain';
import type { EventStore, Position } from '@billing/event-store';
import {
  type AccountRow, ALL_PROJECTIONS, type AnyProjection, accountsProjection, applyEvent, Table, toProjectionEvent,
} from '@billing/projections';
import { compareRows, type Drift } from './drift';

export interface VerifyOptions {
  schema?: string;
  batchSize?: number;
  /** Called after each batch of events read (events done so far). */
  onProgress?: (done: number) => void;
}

export interface VerifyResult {
  events: number;
  accounts: number;
  drifts: Drift[];
  /** Read models whose checkpoint was behind the store's head: events after it were not verified. */
  behind: string[];
}

interface Snapshot {
  checkpoints: Map<string, string>;
  rows: Map<string, Record<string, unknown>[]>;
}

/**
 * Recomputes every read model from the events and compares it with what is stored. The stored side is
 * read in one REPEATABLE READ snapshot, with the checkpoints (written in the same transactions as the
 * rows), and each model is folded only up to its own checkpoint: a live runner moving on while we read
 * shows up as no drift at all. Accounts are also folded with the domain's evolve, the source of truth.
 */
export async function verifyReadModels(store: EventStore, pool: Pool, options: VerifyOptions = {}): Promise<VerifyResult> {
  const projections: readonly AnyProjection[] = ALL_PROJECTIONS;
  const head = (await store.headPosition()) ?? '';
  const snapshot = await readSnapshot(pool, options.schema ?? 'public', projections);
  const behind = projections.map((p) => p.name).filter((name) => (snapshot.checkpoints.get(name) ?? '') < head);
  const folded = new Map(projections.map((p) => [p.name, new Map<string, Record<string, unknown> | null>()]));
  const accounts = new Map<string, AccountState>();
  const accountsUntil = snapshot.checkpoints.get(accountsProjection.name) ?? '';
  const last = [...snapshot.checkpoints.values()].reduce((a, b) => (a > b ? a : b), '');
  let position: Position | undefined;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ fromPosition: position, maxCount: options.batchSize ?? 5_000, filter: { streamPrefixes: [ACCOUNT_STREAM_PREFIX] } });
    const upTo = batch.filter((e) => e.position <= last);
    // evolveAll per account and batch, not evolve per event: its working copy is made once per run of events.
    const domainEvents = new Map<string, BillingEvent[]>();
    for (const recorded of upTo) {
      const event = toProjectionEvent(recorded);
      for (const projection of projections) {
        if (recorded.position > (snapshot.checkpoints.get(projection.name) ?? '')) continue;
        const key = projection.keyOf(event);
        if (key === null) continue;
        const rows = folded.get(projection.name) ?? new Map();
        folded.set(projection.name, rows);
        const k = JSON.stringify(key);
        rows.set(k, applyEvent(projection, rows.get(k) ?? null, event));
      }
      if (recorded.position <= accountsUntil) {
        const id = event.event.data.accountId;
        const list = domainEvents.get(id) ?? [];
        list.push(event.event);
        domainEvents.set(id, list);
      }
    }
    for (const [id, list] of domainEvents) accounts.set(id, evolveAll(list, accounts.get(id) ?? initialState()));
    events += upTo.length;
    options.onProgress?.(events);
    if (batch.length === 0 || upTo.length < batch.length) break;
    position = batch[batch.length - 1].position;
  }
  const drifts: Drift[] = [];
  for (const projection of projections) {
    const table = new Table<Record<string, unknown>>(projection.table, 'public');
    const replayed = [...(folded.get(projection.name)?.values() ?? [])].filter((row): row is Record<string, unknown> => row !== null);
    drifts.push(...compareRows(projection.name, snapshot.rows.get(projection.name) ?? [], replayed, (row) => table.keyOf(row)));
  }
  const seen = new Set(drifts.map((d) => `${d.projection}|${d.key}|${d.field}`));
  for (const drift of domainDrifts(snapshot.rows.get(accountsProjection.name) as AccountRow[] | undefined, accounts)) {
    if (!seen.has(`${drift.projection}|${drift.key}|${drift.field}`)) drifts.push(drift);
  }
  return { events, accounts: accounts.size, drifts, behind };
}

async function readSnapshot(pool: Pool, schema: string, projections: readonly AnyProjection[]): Promise<Snapshot> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`"${schema}" is not a plain schema name`);
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checkpoints = new Map<string, string>();
    const result = await client.query<{ name: string; position: string }>(`SELECT name, position FROM ${schema}.projection_checkpoints`);
    for (const row of result.rows) checkpoints.set(row.name, row.position);
    const rows = new Map<string, Record<string, unknown>[]>();
    for (const projection of projections) rows.set(projection.name, await new Table<Record<string, unknown>>(projection.table, schema).all(client));
    await client.query('COMMIT');
    return { checkpoints, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The account row's fields that the domain's state also holds, compared with it. */
function domainDrifts(rows: readonly AccountRow[] = [], states: Map<string, AccountState>): Drift[] {
  const drifts: Drift[] = [];
  for (const row of rows) {
    const state = states.get(row.accountId);
    if (!state) continue; // a row with no events is already a "(row)" drift from the replay
    const expected: Partial<AccountRow> = {
      planId: state.planId, timeZone: state.timeZone, balanceSeconds: state.credits.balanceSeconds,
      autoReloadEnabled: state.autoReload.enabled, thresholdMinutes: state.autoReload.thresholdMinutes,
      monthlyMaximum: state.autoReload.monthlyMaximum, consecutiveFailures: state.autoReload.consecutiveFailures,
      reloadInFlight: state.autoReload.reloadInFlight, paymentMethodId: state.paymentMethodId,
    };
    for (const [field, value] of Object.entries(expected)) {
      const stored = row[field as keyof AccountRow];
      if (stored !== value) drifts.push({ projection: accountsProjection.name, key: row.accountId, field, readModel: stored, replayed: value });
    }
  }
  return drifts;
}
