import { eventually, type Harness, shot, startHarness } from './harness';

// The service's Content-Security-Policy in Debian's Chromium: /docs (Nest's Swagger UI) works under it,
// and the detection that console.spec.ts relies on does catch what the policy refuses.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 180_000);

afterAll(async () => {
  await h?.close();
}, 30_000);

it('/docs renders the API operations and tries one out, with no CSP violation', async () => {
  const page = await h.context.newPage();
  const response = await page.goto(`${h.url}/docs`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.locator('.opblock-summary-path', { hasText: '/v1/accounts/{accountId}/billing' }).first().waitFor();
  expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(16);
  const health = page.locator('.opblock', { has: page.locator('.opblock-summary-path', { hasText: /^\/health\/live$/ }) });
  await health.locator('.opblock-summary').click();
  await health.getByRole('button', { name: 'Try it out' }).click();
  await health.getByRole('button', { name: 'Execute' }).click();
  await health.locator('.live-responses-table .response-col_status', { hasText: '200' }).first().waitFor();
  await shot(page, '90-docs');
  await page.close();
  h.csp.assertNone();
}, 60_000);

it('the detection catches an inline script that the policy refuses, on the console and on /docs', async () => {
  for (const path of ['/#/login', '/docs']) {
    const page = await h.context.newPage();
    await page.goto(`${h.url}${path}`);
    await page.waitForLoadState('networkidle');
    h.csp.assertNone();
    // The test's own evaluate is not subject to CSP; the <script> element it adds is.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await eventually(async () => expect(h.csp.violations.join('\n')).toMatch(/script-src/), 5_000); // reported as a task after the refusal
    expect(() => h.csp.assertNone()).toThrow(/Content-Security-Policy violations/);
    await page.close();
  }
}, 60_000);
