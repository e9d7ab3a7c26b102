import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { Role } from '@billing/domain';
import { createApp } from '@billing/api/app';
import { signToken } from '@billing/api/auth/tokens';
import { loadConfig } from '@billing/api/config/config';
import { openRuntime, type Runtime } from '@billing/api/infrastructure/runtime';
import { JsonLogger } from '@billing/api/logging/json-logger';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** The real application on a fresh database, as the tests drive it through HTTP. */
export interface TestApi {
  app: NestExpressApplication;
  runtime: Runtime;
  db: TestDatabase;
  http(): ReturnType<typeof request>;
  token(role: Role, accountId?: string, expiresIn?: string): Promise<string>;
  close(): Promise<void>;
}

/** `shareDatabaseOf`: a second instance on another test API's database (which that one drops). */
export async function startTestApi(env: Record<string, string> = {}, shareDatabaseOf?: TestApi): Promise<TestApi> {
  const db = shareDatabaseOf?.db ?? (await createTestDatabase());
  const runtime = await openRuntime(
    loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_SECRET, ...env }),
    new JsonLogger('error'),
  );
  const app = await createApp(runtime);
  await app.init();
  return {
    app,
    runtime,
    db,
    http: () => request(app.getHttpServer()),
    token: (role, accountId, expiresIn) => signToken({ sub: `${role}-test`, role, accountId, expiresIn }, TEST_SECRET),
    async close() {
      await app.close();
      await runtime.close();
      if (!shareDatabaseOf) await db.drop();
    },
  };
}
