import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { AppModule } from './app.module';
import { CALL_ENDS_BODY_LIMIT, CALL_ENDS_PATH } from './accounts/record-call-ends/record-call-ends.request.dto';
import { serveConsole } from './console/serve-console';
import { correlationIdMiddleware } from './http/correlation-id';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { securityHeaders } from './http/security-headers';
import { withResponseSchemas } from './http/openapi-schemas';
import { validationPipe } from './http/validation';
import { bindRequestLogContext } from './logging/request-context';
import { Metrics } from './observability/metrics';
import { requestLog } from './observability/request-log';
import type { Runtime } from './infrastructure/runtime';

/** Builds the HTTP application on an open runtime (used by main.ts and by the tests). */
export async function createApp(runtime: Runtime): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    logger: runtime.logger,
    bodyParser: false,
    rawBody: true, // Stripe signs the exact bytes it sent
  });
  app.disable('x-powered-by');
  app.use(securityHeaders(runtime.config.publicUrl)); // every response: API, console, /docs, errors
  app.use(correlationIdMiddleware);
  app.use(requestLog(runtime.logger, app.get(Metrics)));
  // Bodies are small JSON documents; anything bigger is refused before it is parsed. A batch of call
  // ends alone may be larger (parsed here first; the general parser then finds the body read).
  app.use(`/v1/${CALL_ENDS_PATH}`, json({ limit: CALL_ENDS_BODY_LIMIT }));
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { limit: '4kb', extended: false }); // the sandbox page's forms
  // Log lines written while handling a request carry its correlation id (logging/request-context.ts).
  if (runtime.config.logRequestContext) app.use(bindRequestLogContext);
  app.setGlobalPrefix('v1', { exclude: ['health', 'health/live', 'health/ready', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(runtime.logger));
  const document = withResponseSchemas(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Billing for call minutes')
      .setDescription('Credits, calls, auto-reload. Errors are RFC 9457 problem details with a stable `code`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  ));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  serveConsole(app);
  return app;
}
