import request from 'supertest';
import { Client } from 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '@billing/api/app';
import { loadConfig } from '@billing/api/config/config';
import { openRuntime, type Runtime } from '@billing/api/infrastructure/runtime';
import { JsonLogger } from '@billing/api/logging/json-logger';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('GET /health', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let app: NestExpressApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = await openRuntime(loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test' }), new JsonLogger('error'));
    app = await createApp(runtime);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await db?.drop();
  });

  it('is 200 with the database up and the migrations applied', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, migrations: { status: 'up' } } });
  });

  it('is 503 while the database refuses connections, and recovers by itself', async () => {
    const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const name = new URL(db.url).pathname.slice(1);
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});
