import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { signToken } from '@billing/api/auth/tokens';
import { eventually, type Harness, shot, startHarness } from './harness';

// The console against a service with a configured secret: no development login, tokens pasted, and a
// session that ends when its token expires or is refused — the login page says which.
const SECRET = 'console-login-test-secret-of-32-characters-or-more';
const sign = (role: 'admin' | 'service' | 'support', accountId?: string, expiresIn = '1h') => signToken({ sub: `${role}-console`, role, accountId, expiresIn }, SECRET);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ AUTH_JWT_SECRET: SECRET });
  expect((await h.api('POST', '/v1/accounts', await sign('service'), { accountId: 'acc_paste', plan: 'starter' })).status).toBe(201);
}, 180_000);
afterAll(async () => {
  await h?.close();
}, 30_000);

/** Opens the login page on a clean slate, and collects what the browser reports as failed meanwhile. */
async function openLogin(): Promise<{ page: Page; failures: string[] }> {
  const page = await h.context.newPage();
  const failures: string[] = [];
  // The browser's own favicon request is nobody's login; everything the page asks for must succeed.
  page.on('console', (message) => message.type() === 'error' && !message.location().url.endsWith('/favicon.ico') && failures.push(`${message.text()} ${message.location().url}`));
  page.on('response', (response) => response.status() >= 400 && failures.push(`${response.status()} ${response.url()}`));
  await page.goto(`${h.url}/#/login`);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.reload();
  await page.getByRole('heading', { name: 'Paste a token' }).waitFor();
  return { page, failures };
}

async function paste(page: Page, token: string) {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('logging in to the console with a configured secret', () => {
  it('offers only "Paste a token", without a failed request, and a pasted token logs in', async () => {
    const { page, failures } = await openLogin();
    expect(await page.getByText('Development login').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Role' }).count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(0);
    await shot(page, '50-login-paste-a-token');
    await paste(page, await sign('admin', 'acc_paste'));
    await page.waitForURL(/#\/accounts\/acc_paste\/billing$/);
    await page.getByTestId('credit-balance').waitFor();
    expect(failures).toEqual([]);
    await page.close();
  }, 60_000);

  it('says why a pasted token is refused: no expiry, or not signed with this service\'s secret', async () => {
    const { page } = await openLogin();
    const forever = await new SignJWT({ role: 'support' }).setProtectedHeader({ alg: 'HS256' }).setSubject('ops').sign(new TextEncoder().encode(SECRET));
    await paste(page, forever);
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toBe('This token was refused: The token has no valid expiry (exp): tokens must expire.'));
    await shot(page, '51-login-token-without-exp');
    await paste(page, await signToken({ sub: 'x', role: 'support' }, `${SECRET}-not-ours`));
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toBe('This token was refused: The token is not valid.'));
    expect(page.url()).toMatch(/#\/login$/);
    await page.close();
  }, 60_000);

  it('returns to the login page, saying so, when the token expires', async () => {
    const { page } = await openLogin();
    await paste(page, await sign('support', undefined, '4s'));
    await page.waitForURL(/#\/accounts(\?.*)?$/);
    await page.getByText('acc_paste').first().waitFor();
    await page.waitForURL(/#\/login$/, { timeout: 15_000 }); // nobody clicks: the console notices by itself
    expect(await page.getByTestId('session-ended').innerText()).toBe('Your session has expired. Log in again to continue.');
    await shot(page, '52-login-session-expired');
    await paste(page, await sign('support')); // and logging in again works
    await page.waitForURL(/#\/accounts(\?.*)?$/);
    await page.getByText('acc_paste').first().waitFor();
    expect(await page.getByTestId('session-ended').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('returns to the login page, saying so, when the API refuses the token it holds', async () => {
    const { page } = await openLogin();
    await paste(page, await sign('admin', 'acc_paste'));
    await page.waitForURL(/#\/accounts\/acc_paste\/billing$/);
    await page.getByTestId('credit-balance').waitFor();
    // The token changes under the console (as when the secret is rotated): the next request is refused.
    await page.evaluate((other) => localStorage.setItem('billing.console.token', other), await signToken({ sub: 'admin-console', role: 'admin', accountId: 'acc_paste' }, `${SECRET}-rotated`));
    await page.getByRole('button', { name: 'Refresh' }).first().click();
    await page.waitForURL(/#\/login$/);
    expect(await page.getByTestId('session-ended').innerText()).toBe('The API refused your token (The token is not valid). Log in again to continue.');
    await page.close();
  }, 60_000);
});
