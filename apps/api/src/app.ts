import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { CALL_ENDS_BODY_LIMIT, CALL_ENDS_PATH } from './accounts/record-call-ends/record-call-ends.request.dto';
import { serveConsole } from './console/serve-console';
import { JSON_BODY_LIMIT, registerBodyParsers } from './http/body-parsers';
import { correlationIdHook } from './http/correlation-id';
import { frameworkErrors } from './http/framework-errors';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { securityHeadersHook } from './http/security-headers';
import { withResponseSchemas } from './http/openapi-schemas';
import { validationPipe } from './http/validation';
import { bindRequestLogContext } from './logging/request-context';
import { Metrics } from './observability/metrics';
import { registerRequestLog } from './observability/request-log';
import type { Runtime } from './infrastructure/runtime';

/** `/v1/accounts/` routes as `/v1/accounts` (Express's non-strict routing); the query is kept. */
export function withoutTrailingSlash(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) + (query < 0 ? '' : url.slice(query)) : url;
}

/** Builds the HTTP application (Nest on Fastify) on an open runtime (used by main.ts and by the tests). */
export async function createApp(runtime: Runtime): Promise<NestFastifyApplication> {
  const securityHeaders = securityHeadersHook(runtime.config.publicUrl);
  const late: { metrics?: Metrics } = {}; // the application holds them: set once it exists, before any request
  const adapter = new FastifyAdapter({
    frameworkErrors: frameworkErrors(securityHeaders, runtime.logger, () => late.metrics as Metrics),
    bodyLimit: JSON_BODY_LIMIT,
    // Prototype keys are validation.ts's to refuse (per field, per batch item), not a whole-request error here.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // Routes match as Express matched them: path parameters of any length (the validation pipe answers an
    // absurd one with 400, not a 404), paths in any case, and with one trailing slash (rewriteUrl below).
    routerOptions: { maxParamLength: 2_048, caseSensitive: false },
    rewriteUrl: (request: IncomingMessage) => withoutTrailingSlash(request.url ?? '/'),
    // While closing, a request still arriving on an open connection is answered as Express answered it (served),
    // not with Fastify's own 503 body, which is no problem detail.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime), adapter, {
    logger: runtime.logger,
    bodyParser: false,
    rawBody: true, // Stripe signs the exact bytes it sent
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Hooks in this order on every request: headers first (so that every answer, errors and streams too, has them).
  const metrics = app.get(Metrics);
  late.metrics = metrics;
  fastify.addHook('onRequest', securityHeaders);
  fastify.addHook('onRequest', correlationIdHook);
  registerRequestLog(fastify, runtime.logger, metrics);
  // A batch of call ends alone may be larger than the 64 KB every other body is held to.
  fastify.addHook('onRoute', (route) => {
    if (route.url === `/v1/${CALL_ENDS_PATH}`) route.bodyLimit = CALL_ENDS_BODY_LIMIT;
  });
  registerBodyParsers(app);
  // Log lines written while handling a request carry its correlation id (logging/request-context.ts).
  if (runtime.config.logRequestContext) {
    fastify.addHook('preHandler', (request, reply, done) => bindRequestLogContext(request.raw, reply.raw, done));
  }
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
