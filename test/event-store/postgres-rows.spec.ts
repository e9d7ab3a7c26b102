import { randomUUID } from 'node:crypto';
// Internals on purpose (the adapter's row decoding, the domain's test generators), as global-setup does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { COLUMN, COLUMNS, toRecorded } from '../../libs/event-store/src/postgres/rows';
import { useTestEventStore } from '../support/database';

// Rows are decoded by column name (issue 20): the names the database answers with are the ones
// COLUMN indexes, in the same places, and a decoded row is the event that was appended.
const test = useTestEventStore();

it('the select list answers with the names COLUMN indexes, each at its index', async () => {
  const result = await test.current().pool.query({ text: `SELECT ${COLUMNS} FROM es_events e LIMIT 0`, rowMode: 'array' });
  const names = result.fields.map((field) => field.name);
  expect(Object.fromEntries(names.map((name, i) => [name, i]))).toEqual(COLUMN);
});

it('a row decodes to the appended event, every field from its own column', async () => {
  const stream = `rows-${randomUUID()}`;
  const id = randomUUID();
  await test.current().appendToStream(stream, [{ id, type: 'RowsChecked', schemaVersion: 3, data: { a: 1 }, metadata: { m: 'x' } }], { expectedRevision: 'no_stream' });
  const { rows } = await test.current().pool.query({ text: `SELECT ${COLUMNS} FROM es_events e WHERE e.stream_id = $1`, values: [stream], rowMode: 'array' });
  const [read] = await test.current().readStream(stream);
  expect(toRecorded(rows[0])).toEqual(read);
  expect(read).toMatchObject({ id, type: 'RowsChecked', schemaVersion: 3, data: { a: 1 }, metadata: { m: 'x' }, streamId: stream, streamRevision: 0 });
  expect(read.recordedAt).toBeInstanceOf(Date);
});
