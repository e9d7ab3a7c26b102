import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build -w @billing/admin` puts the console. */
export const CONSOLE_DIST = join(__dirname, '../../../admin/dist');

/**
 * Serves the built console at / (its assets, and index.html for the app's own routes). The API,
 * health, metrics and docs keep their paths. Without a build, / explains how to get one.
 */
export function serveConsole(app: NestExpressApplication, dist = CONSOLE_DIST): void {
  const reserved = /^\/(v1|health|metrics|docs|docs-json)(\/|$)/;
  if (!existsSync(join(dist, 'index.html'))) {
    app.use('/', (request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || request.path !== '/') return next();
      response.type('text/plain').send('The console is not built. Run "npm run build" (npm start does it), then reload. The API is under /v1, its documentation at /docs.\n');
    });
    return;
  }
  app.useStaticAssets(dist, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || reserved.test(request.path) || request.path.includes('.')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(join(dist, 'index.html'));
  });
}
