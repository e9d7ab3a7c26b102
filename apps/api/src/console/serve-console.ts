import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build -w @billing/admin` puts the console. */
export const CONSOLE_DIST = join(__dirname, '../../../admin/dist');

/** Paths that are never the console's: an unknown one there is the API's 404 problem. */
const RESERVED = /^\/(v1|health|metrics|docs|docs-json)(\/|$)/;

/**
 * Serves the built console at / (its assets, and index.html for the app's own routes). The API,
 * health, metrics and docs keep their paths. Without a build, / explains how to get one.
 */
export function serveConsole(app: NestFastifyApplication, dist = CONSOLE_DIST): void {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(dist, 'index.html'))) {
    fastify.get('/', (_request, reply) => {
      void reply.type('text/plain; charset=utf-8').send('The console is not built. Run "npm run build" (npm start does it), then reload. The API is under /v1, its documentation at /docs.\n');
    });
    return;
  }
  // One route per file found at start-up (wildcard: false), so the catch-all below can be the SPA's fallback.
  app.useStaticAssets({ root: dist, index: false, maxAge: '1h', wildcard: false });
  const index = join(dist, 'index.html');
  const fallback = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (RESERVED.test(path) || path.includes('.')) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(createReadStream(index));
  };
  fastify.get('/', fallback);
  fastify.get('/*', fallback);
}
