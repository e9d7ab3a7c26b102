import type { BrowserContext, ConsoleMessage } from 'playwright-core';

/**
 * Every Content-Security-Policy violation in any page of a browser context: the page's own
 * `securitypolicyviolation` events (reported through a binding, which CSP does not govern) and
 * Chromium's "Refused to … Content Security Policy" console messages, in case a page navigates
 * away before its event is delivered.
 */
export interface CspWatch {
  /** What was refused so far, one line each (directive, blocked resource, page). */
  readonly violations: string[];
  /** Throws, naming each violation, when there was any; then starts afresh. */
  assertNone(): void;
  clear(): void;
}

const BINDING = '__billingCspViolation';

export async function watchCspViolations(context: BrowserContext): Promise<CspWatch> {
  const violations: string[] = [];
  await context.exposeBinding(BINDING, ({ page }, line: string) => void violations.push(`${line} (page ${page?.url() ?? '?'})`));
  await context.addInitScript((binding: string) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, (line: string) => void>)[binding];
      report?.(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'}${event.sample ? ` "${event.sample}"` : ''} at ${event.sourceFile}:${event.lineNumber}`);
    });
  }, BINDING);
  const onConsole = (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  };
  for (const page of context.pages()) page.on('console', onConsole);
  context.on('page', (page) => page.on('console', onConsole));
  return {
    violations,
    assertNone() {
      const seen = violations.splice(0);
      if (seen.length) throw new Error(`Content-Security-Policy violations:\n  ${seen.join('\n  ')}`);
    },
    clear() {
      violations.splice(0);
    },
  };
}
