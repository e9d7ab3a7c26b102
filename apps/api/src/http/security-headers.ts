import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/** Swagger UI's page (Nest's template) hides its icon sprite with this one inline style attribute. */
export const SWAGGER_SPRITE_STYLE = 'position:absolute;width:0;height:0';
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy, found by running the console, the sandbox checkout and /docs in Chromium
 * under it (test/console): each source below is there because a page needs it, and the browser tests
 * fail on any violation.
 * - scripts: our own files only. The console is one Vite bundle; Swagger UI loads its bundle and its
 *   init script (swagger-ui-init.js) as files; the sandbox page has none.
 * - style elements: ours and inline. MUI's emotion inserts <style> elements at run time, and the
 *   console's index.html, the sandbox page and Swagger UI's page each carry a <style> block. Inline
 *   style cannot run code; inline style attributes in markup stay refused (React sets styles through
 *   the CSSOM, which CSP does not govern). `style-src` repeats it for browsers without `-elem`/`-attr`.
 * - forms: the sandbox page posts to us and is redirected to the console at PUBLIC_URL, which may be
 *   another origin (Vite's dev server proxying /v1): a form's redirect is checked against form-action.
 */
export function contentSecurityPolicy(publicUrl: string): Directives {
  return {
    'default-src': ["'self'"], // fetch/XHR, fonts, the favicon: this origin
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'style-src-elem': ["'self'", "'unsafe-inline'"],
    'style-src-attr': ["'none'"],
    'img-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': [...new Set(["'self'", new URL(publicUrl).origin])],
    'frame-ancestors': ["'none'"],
    // Upgrading over plain http (a local or internal deployment) would break every asset and form.
    ...(publicUrl.startsWith('https://') ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** /docs also needs Swagger UI's icons (data: SVGs in its stylesheet) and its sprite's style attribute. */
export function docsContentSecurityPolicy(publicUrl: string): Directives {
  return {
    ...contentSecurityPolicy(publicUrl),
    'img-src': ["'self'", 'data:'],
    'style-src-attr': ["'unsafe-hashes'", sha256(SWAGGER_SPRITE_STYLE)],
  };
}

/**
 * helmet's headers on every response, with the policy above (/docs with its own); HSTS only over https.
 * A Fastify `onRequest` hook: helmet sets them on the raw response, so streamed (hijacked) answers, static
 * files and errors all carry them.
 */
export function securityHeadersHook(publicUrl: string) {
  const https = publicUrl.startsWith('https://');
  const withPolicy = (directives: Directives) => helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  const everywhere = withPolicy(contentSecurityPolicy(publicUrl));
  const docs = withPolicy(docsContentSecurityPolicy(publicUrl));
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    const path = request.url.split('?')[0];
    (/^\/docs(\/|$)/.test(path) ? docs : everywhere)(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  };
}
