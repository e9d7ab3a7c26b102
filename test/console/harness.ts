import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { chooseChromium } from './chromium';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, type ServiceProcess, startService, waitForHealthy } from '../support/service-process';
import { type CspWatch, watchCspViolations } from './csp-violations';

const ROOT = join(__dirname, '../..');
const ADMIN = join(ROOT, 'apps/admin');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const newestMtime = (path: string): number =>
  statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name)))) : statSync(path).mtimeMs;

/** The console as the service serves it: rebuilt when dist is missing or older than its sources. */
export function ensureConsoleBuilt(): void {
  const index = join(ADMIN, 'dist/index.html');
  const sources = Math.max(newestMtime(join(ADMIN, 'src')), newestMtime(join(ADMIN, 'index.html')), newestMtime(join(ADMIN, 'vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  try {
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build (about 90 kB gzip more).
    execFileSync('npm', ['run', 'build', '-w', '@billing/admin'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`building the console (npm run build -w @billing/admin) failed:\n${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? String(error)}`);
  }
}

export interface Harness {
  url: string;
  context: BrowserContext;
  csp: CspWatch; // the CSP violations of every page: console.spec.ts fails on any
  api<T = unknown>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }>;
  token(role: string, accountId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built service on a fresh database of the run's embedded PostgreSQL, and a Chromium (see chromium.ts). By
 * default the service uses its development secret, so the development login exists; `env` adds to (or,
 * e.g. with AUTH_JWT_SECRET, changes) the service's environment.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  ensureConsoleBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const db: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let service: ServiceProcess | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'billing-console-chromium-'));
  try {
    service = startService({ DATABASE_URL: db.url, NODE_ENV: 'test', PUBLIC_URL: url, LOG_LEVEL: 'warn', ...env }, port);
    await waitForHealthy(url, 60_000);
    const browser = await chooseChromium();
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      args: [...browser.args, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: DESKTOP,
      acceptDownloads: true,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const csp = await watchCspViolations(context);
    const running = service;
    const api: Harness['api'] = async (method, path, token, body) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
    };
    return {
      url,
      context,
      csp,
      api,
      async token(role, accountId) {
        const answer = await api<{ token: string }>('POST', '/v1/dev/token', null, { role, accountId });
        if (answer.status !== 201) throw new Error(`dev token: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body.token;
      },
      async close() {
        await context.close().catch(() => undefined);
        running.child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([running.exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
        clearTimeout(timer); // a pending timer would keep jest from exiting
        running.child.kill('SIGKILL');
        await db.drop().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    service?.child.kill('SIGKILL');
    const output = service?.output() ?? '';
    await db.drop().catch(() => undefined);
    throw new Error(`${String(error)}\n${output.slice(-3000)}`);
  }
}

/** A screenshot of the page at desktop size, and with `phone` also at a phone's width. */
export async function shot(page: Page, name: string, { phone = false } = {}): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.mouse.move(1, (page.viewportSize()?.height ?? 2) - 1); // no tooltip of the last button clicked
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' }); // transitions at their end state
  if (!phone) return;
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.phone.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
}

/**
 * What sticks out past the right edge of the viewport: empty when the page does not scroll
 * sideways. Names each element (tag, classes) with its right edge, to tell what to fix.
 */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .filter((element) => getComputedStyle(element).position !== 'fixed')
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} right=${Math.round(element.getBoundingClientRect().right)}`);
  });
}

/** Logs in through the console's development login form. */
export async function login(page: Page, url: string, role: 'Administrator' | 'Editor' | 'Support' | 'Auditor', accountId?: string): Promise<void> {
  await page.goto(`${url}/#/login`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: new RegExp(`^${role}`) }).click();
  if (accountId) await page.getByLabel('Account id').fill(accountId);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Retries an assertion until it holds (Playwright's own `expect` is not part of playwright-core). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
