import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, startService, waitForHealthy } from '../support/service-process';

// The service as `npm start` runs it: a real process, its own embedded PostgreSQL, real signals.
describe('the service process', () => {
  it('starts on an embedded PostgreSQL when DATABASE_URL is unset, reports health, and stops cleanly on SIGTERM', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'billing-service-'));
    chmodSync(folder, 0o755);
    const pgPort = await freePort();
    const service = startService({ EMBEDDED_PG_DIR: join(folder, 'pg'), EMBEDDED_PG_PORT: String(pgPort) }, await freePort());
    try {
      const health = await waitForHealthy(service.url, 60_000);
      expect(health).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, migrations: { status: 'up' } } });

      const lines = service.output().trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow(); // JSON logs, one per line
      expect(lines.map((l) => JSON.parse(l).msg)).toContain('billing service listening');

      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.output()).toContain('"msg":"stopped"');
      // The embedded server went down with it.
      const probe = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres` });
      await expect(probe.connect()).rejects.toThrow();
    } finally {
      service.child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses to start in production with development defaults, naming each variable', async () => {
    const service = startService({ NODE_ENV: 'production' }, await freePort());
    expect(await service.exited).toBe(78);
    expect(service.output()).toContain('DATABASE_URL is required in production');
    expect(service.output()).toContain('AUTH_JWT_SECRET must be set to a real secret in production');
  }, 30_000);

  it('refuses to run the sandbox checkout (credits without payment) beside a real secret, whatever NODE_ENV says', async () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const service = startService({ NODE_ENV, AUTH_JWT_SECRET: 'an-operators-real-secret-of-at-least-32-chars', PAYMENTS_SANDBOX: undefined }, await freePort());
      expect(await service.exited).toBe(78);
      expect(service.output()).toContain('STRIPE_SECRET_KEY is not set while AUTH_JWT_SECRET or AUTH_JWKS_URL is');
    }
  }, 30_000);
});
