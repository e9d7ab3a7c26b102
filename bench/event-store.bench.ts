/**
 * npm run bench:event-store — the PostgreSQL adapter against the raw speed of the same database.
 * Reference: single-row INSERT transactions per second through the same pool, measured in this run.
 * Targets: single-event appends >= 0.6 x the reference at 32 writers; readAll >= 200,000 events/s.
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { type EventToAppend, PostgresEventStore } from '@billing/event-store';
import { benchDatabase, rate, table } from './support/database';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const READ_EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 200_000);

function newEvent(n: number): EventToAppend {
  return {
    id: randomUUID(),
    type: 'CallMinutesConsumed',
    data: { accountId: 'acc_bench', callId: `call_${n}`, durationSeconds: 125, creditSeconds: 95, balanceAfterSeconds: 6_000 - n },
    metadata: { correlationId: randomUUID(), actor: { id: 'bench', role: 'service' } },
  };
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_event_store');
  const store = await PostgresEventStore.open({ connectionString: db.url, max: 32 });
  const pool = store.pool;
  await pool.query('CREATE TABLE bench_reference (id bigserial PRIMARY KEY, payload jsonb NOT NULL)');
  console.log(`event-store benchmark on ${db.describe}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${SECONDS} s per figure\n`);

  const rows: (string | number)[][] = [['writers', 'INSERT tx/s (ref)', 'appends/s (1 event)', 'ratio', '10-event batches/s', 'events/s in batches']];
  let counter = 0;
  for (const writers of [1, 8, 32]) {
    const payload = JSON.stringify(newEvent(0).data);
    const reference = await rate(writers, SECONDS, async () => {
      await pool.query({ name: 'bench_ref', text: 'INSERT INTO bench_reference (payload) VALUES ($1)', values: [payload] });
      return 1;
    });
    const revisions = new Map<string, number>();
    const single = await rate(writers, SECONDS, async (loop) => {
      const stream = `billing-account-bench-${writers}-${loop}`;
      const expected = revisions.get(stream);
      const result = await store.appendToStream(stream, [newEvent(counter++)], { expectedRevision: expected ?? 'no_stream' });
      revisions.set(stream, result.nextRevision);
      return 1;
    });
    const batches = await rate(writers, SECONDS, async (loop) => {
      const stream = `billing-account-batch-${writers}-${loop}`;
      const expected = revisions.get(stream);
      const events = Array.from({ length: 10 }, () => newEvent(counter++));
      const result = await store.appendToStream(stream, events, { expectedRevision: expected ?? 'no_stream' });
      revisions.set(stream, result.nextRevision);
      return 1;
    });
    rows.push([String(writers), reference, single, (single / reference).toFixed(2), batches, batches * 10]);
  }
  console.log(table(rows));

  // Fill up to READ_EVENTS events, then read them back.
  const have = Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);
  for (let n = have; n < READ_EVENTS; n += 1_000) {
    const events = Array.from({ length: 1_000 }, () => newEvent(counter++));
    await store.appendToStream(`billing-account-fill-${n}`, events, { expectedRevision: 'no_stream' });
  }
  const total = Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);

  let started = performance.now();
  let read = 0;
  let position;
  for (;;) {
    const batch = await store.readAll({ fromPosition: position, maxCount: 5_000 });
    read += batch.length;
    if (batch.length < 5_000) break;
    position = batch[batch.length - 1].position;
  }
  const readAllRate = read / ((performance.now() - started) / 1000);

  started = performance.now();
  let caught = 0;
  for await (const _ of store.subscribeToAll()) {
    if (++caught >= total) break;
  }
  const catchUpRate = caught / ((performance.now() - started) / 1000);

  console.log(`\n${table([
    ['read', 'events', 'events/s', 'target'],
    ['readAll (batches of 5,000)', read, readAllRate, '>= 200,000'],
    ['subscription catch-up', caught, catchUpRate, ''],
  ])}`);
  await store.close();
  await db.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
