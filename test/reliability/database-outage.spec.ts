import { Client } from 'pg';
import { accountStreamName } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// The database goes away in the middle of a load and comes back: while it is away the API answers
// 503 problem+json (never a 500) and /health says so; afterwards it recovers by itself, and every
// call end it acknowledged is recorded.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

it('answers 503 while the database is away, recovers by itself, and loses no acknowledged call', async () => {
  const service = await api.token('service');
  const auth = { Authorization: `Bearer ${service}` };
  await api.http().post('/v1/accounts').set(auth).send({ accountId: 'acc_outage', plan: 'pro' }).expect(201);

  const acknowledged: string[] = [];
  const statuses = new Map<number, number>();
  let stop = false;
  let n = 0;
  const clients = Array.from({ length: 8 }, async () => {
    while (!stop) {
      const callId = `o_${n++}`;
      const response = await api.http().post('/v1/accounts/acc_outage/calls').set(auth).send({ callId, durationSeconds: 30, endedAt: new Date().toISOString() });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 201) acknowledged.push(callId);
      else {
        expect(response.status).toBe(503);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe('SERVICE.UNAVAILABLE');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });

  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  const name = new URL(api.db.url).pathname.slice(1);
  try {
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await new Promise((r) => setTimeout(r, 1_500));
    const down = await api.http().get('/health').expect(503);
    expect(down.body.details.database.status).toBe('down');
  } finally {
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await admin.end();
  }
  await new Promise((r) => setTimeout(r, 1_500));
  stop = true;
  await Promise.all(clients);

  expect(statuses.get(503)).toBeGreaterThan(0);
  expect([...statuses.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);
  await api.http().get('/health').expect(200);
  const recorded = new Set((await api.runtime.eventStore.readStream(accountStreamName('acc_outage'))).filter((e) => e.type === 'CallMinutesConsumed').map((e) => e.data.callId));
  for (const callId of acknowledged) expect(recorded.has(callId)).toBe(true);
  // Served again after the outage, without a restart.
  await api.http().post('/v1/accounts/acc_outage/calls').set(auth).send({ callId: 'after', durationSeconds: 30, endedAt: new Date().toISOString() }).expect(201);
}, 60_000);
