import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { Role } from '@billing/domain';
import { createApp } from '@billing/api/app';
import { signTokenFor } from '@billing/api/auth/tokens';
import { loadConfig } from '@billing/api/config/config';
import { openRuntime, type Runtime } from '@billing/api/infrastructure/runtime';
import { JsonLogger } from '@billing/api/logging/json-logger';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** The real application on a fresh database, as the tests drive it through HTTP. */
export interface TestApi {
  app: NestFastifyApplication;
  runtime: Runtime;
  db: TestDatabase;
  http(): ReturnType<typeof request>;
  token(role: Role, accountId?: string, expiresIn?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `shareDatabaseOf`: a second instance on another test API's database (which that one drops). A variable
 * given as undefined is unset (e.g. `AUTH_JWT_SECRET: undefined` for the development secret).
 */
export async function startTestApi(env: Record<string, string | undefined> = {}, shareDatabaseOf?: TestApi): Promise<TestApi> {
  const db = shareDatabaseOf?.db ?? (await createTestDatabase());
  const runtime = await openRuntime(
    loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_SECRET, PAYMENTS_SANDBOX: 'true', ...env }),
    new JsonLogger('error'),
  );
  const app = await createApp(runtime);
  await app.init();
  await app.getHttpAdapter().getInstance().ready(); // supertest talks to the bare server: Fastify's routes must be in
  return {
    app,
    runtime,
    db,
    http: () => request(app.getHttpServer()),
    // Signed as this instance verifies them (its secret, issuer, audience and claim names).
    token: (role, accountId, expiresIn) => signTokenFor({ sub: `${role}-test`, role, accountId, expiresIn }, runtime.config.auth),
    async close() {
      await app.close();
      await runtime.close();
      if (!shareDatabaseOf) await db.drop();
    },
  };
}
