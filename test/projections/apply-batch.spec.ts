import type { ClientBase, PoolClient } from 'pg';
import type { RecordedEvent } from '@billing/event-store';
import { applyBatch, Checkpoints, migrateProjections, reloadsProjection, Table, toProjectionEvent } from '@billing/projections';
import { type HistoryDatabase, openHistoryDatabase } from './support/history-database';

// A batch that holds nothing for a projection (most batches, for the purchases and reloads read models
// of a busy store) only moves its checkpoint: one statement, no transaction, and still never backwards
// and never counted twice.
let fixture: HistoryDatabase;
let events: RecordedEvent[];
beforeAll(async () => {
  fixture = await openHistoryDatabase({ seed: 5, accounts: 2, commands: 60 });
  await migrateProjections(fixture.pool, 'skips');
  // readAll shows only what is below every open transaction on the server; another test file's
  // transaction can hold that back for a moment, so wait until the whole history is readable.
  const appended = fixture.history.accounts.reduce((n, account) => n + account.events.length, 0);
  for (let tries = 0; ; tries++) {
    events = await fixture.store.readAll({ maxCount: 10_000 });
    if (events.length >= appended || tries >= 200) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(events).toHaveLength(appended);
});
afterAll(async () => {
  await fixture?.close();
});

const context = { projection: reloadsProjection, table: new Table(reloadsProjection.table, 'skips'), checkpoints: new Checkpoints('skips') };
const forReloads = (e: RecordedEvent) => reloadsProjection.keyOf(toProjectionEvent(e)) !== null;

/** A client whose statements are recorded. */
async function recording(): Promise<{ client: PoolClient; statements: string[] }> {
  const client = await fixture.pool.connect();
  const statements: string[] = [];
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    statements.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
    return query(...args);
  };
  return { client, statements };
}

it('moves the checkpoint in one statement over a batch with nothing for the projection, never backwards, counting each event once', async () => {
  // The longest run of events the reloads read model ignores, after at least one event.
  let best: [number, number] = [1, 1];
  for (let start = 1, end = 1; end <= events.length; end++) {
    if (end === events.length || forReloads(events[end])) {
      if (end - start > best[1] - best[0]) best = [start, end];
      start = end + 1;
    }
  }
  const before = events.slice(0, best[0]);
  const ignored = events.slice(best[0], best[1]);
  expect(ignored.length).toBeGreaterThan(5);

  const { client, statements } = await recording();
  try {
    await applyBatch(client as ClientBase, context, before); // the checkpoint row exists from here on
    statements.length = 0;
    const first = await applyBatch(client, context, ignored);
    expect(first).toEqual({ position: ignored[ignored.length - 1].position, applied: ignored.length });
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(/BEGIN|COMMIT/);
    expect((await context.checkpoints.read(client, reloadsProjection.name)).position).toBe(ignored[ignored.length - 1].position);

    // Taken again (by a new owner after a takeover): nothing is new, the checkpoint stays.
    expect(await applyBatch(client, context, ignored)).toEqual({ position: ignored[ignored.length - 1].position, applied: 0 });
    // Half of it again: same.
    expect((await applyBatch(client, context, ignored.slice(0, 3))).applied).toBe(0);
    expect((await context.checkpoints.read(client, reloadsProjection.name)).position).toBe(ignored[ignored.length - 1].position);
  } finally {
    client.release();
  }
});
