import request from 'supertest';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '@billing/api/app';
import { loadConfig } from '@billing/api/config/config';
import { openRuntime, type Runtime } from '@billing/api/infrastructure/runtime';
import { JsonLogger } from '@billing/api/logging/json-logger';
import { PaymentProviderHealth } from '@billing/api/payments/provider-health';
import { createTestDatabase, type TestDatabase } from '../support/database';

// /health/live: the process answers, nothing else is asked. /health/ready (and /health, the same):
// the database, its migrations, the event store, the payment provider and the projections.
describe('GET /health/live, /health/ready, /health', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let app: NestFastifyApplication;
  const get = (path: string) => request(app.getHttpServer()).get(path);

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test' }), new JsonLogger('error'));
    app = await createApp(runtime);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await db?.drop();
  });

  it('are 200 with the database up, the migrations applied and the sandbox as payment provider', async () => {
    expect((await get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
    for (const path of ['/health/ready', '/health']) {
      const response = await get(path).expect(200);
      expect(response.body).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, migrations: { status: 'up' }, eventStore: { status: 'up' }, paymentProvider: { status: 'up', mode: 'sandbox' }, projections: { status: 'up' } },
      });
    }
  });

  it('while the database refuses connections: live stays 200, ready and /health are 503 naming the database; both recover by themselves', async () => {
    const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const name = new URL(db.url).pathname.slice(1);
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      for (const path of ['/health/ready', '/health']) {
        const down = await get(path).expect(503);
        expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
      }
      expect((await get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await get('/health/ready').expect(200);
    await get('/health').expect(200);
  });

  it('while the payment provider refuses our key: ready and /health are 503 naming paymentProvider, live stays 200', async () => {
    const provider = app.get(PaymentProviderHealth);
    provider.systemicFault('Invalid API Key provided: sk_test_****wxyz', new Date('2026-12-01T10:00:00Z'));
    try {
      for (const path of ['/health/ready', '/health']) {
        const down = await get(path).expect(503);
        expect(down.body).toMatchObject({
          status: 'error',
          error: { paymentProvider: { status: 'down', since: '2026-12-01T10:00:00.000Z', lastError: 'Invalid API Key provided: sk_test_****wxyz' } },
          details: { database: { status: 'up' } },
        });
      }
      await get('/health/live').expect(200);
    } finally {
      provider.answered();
    }
    await get('/health/ready').expect(200);
  });
});
