import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

// Read from the installed package; evaluated through the DevTools protocol, which the page's
// Content-Security-Policy does not govern (a <script> tag would be an inline script it may refuse).
const AXE_SOURCE = readFileSync(join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.x A/AA rules on the page as it is now; the serious and critical violations,
 * one line each, naming the rule and the first elements at fault (empty when there are none).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  })`)) as AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 200)}`).join(', ')}`);
}

/** The JavaScript a page fetches from `origin` from now on, each file with its gzip size (level 9, as Vite reports). */
export function recordScripts(page: Page, origin: string): () => Promise<{ name: string; gzipBytes: number }[]> {
  const pending: Promise<{ name: string; gzipBytes: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script' || !response.url().startsWith(origin)) return;
    pending.push(response.body().then((body) => ({ name: new URL(response.url()).pathname, gzipBytes: gzipSync(body, { level: 9 }).length })));
  });
  return () => Promise.all(pending);
}
