/**
 * The second floor under bench:e2e's figures: the service's own HTTP stack with nothing behind it.
 * Nest on Express with the service's AuthGuard (JWT, roles), a correlation-id middleware, its
 * ValidationPipe and the call end's request DTO, the same route — and then one INSERT of the body, no
 * event store, no domain, no projections. What it reaches is the most any design built on this stack
 * can reach on this machine; the service's figures are read against it. PLATFORM=fastify runs the same
 * module on Nest's Fastify adapter instead (the correlation id as the service's onRequest hook): the
 * service's own stack since issue 17; Express stays here as the comparison. Run as a child process:
 * PORT, DATABASE_URL and AUTH_JWT_SECRET from the environment.
 */
import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { AuthGuard } from '@billing/api/auth/auth.guard';
import { Roles } from '@billing/api/auth/roles';
import { RecordCallRequest } from '@billing/api/accounts/record-call/record-call.request.dto';
import { correlationIdFor, correlationIdHook } from '@billing/api/http/correlation-id';
import { validationPipe } from '@billing/api/http/validation';
import type { Runtime } from '@billing/api/infrastructure/runtime';
import { RUNTIME } from '@billing/api/infrastructure/tokens';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 32 });

@Controller('accounts/:accountId/calls')
class FloorController {
  @Post()
  @HttpCode(201)
  @Roles('service')
  async record(@Param('accountId') accountId: string, @Body() body: RecordCallRequest) {
    await pool.query({ name: 'floor', text: 'INSERT INTO bench_nest_floor (account_id, payload) VALUES ($1, $2)', values: [accountId, JSON.stringify(body)] });
    return { accountId, ...body };
  }
}

const runtime = { config: { auth: { jwtSecret: process.env.AUTH_JWT_SECRET } } } as unknown as Runtime;

@Module({
  controllers: [FloorController],
  providers: [{ provide: RUNTIME, useValue: runtime }, { provide: APP_GUARD, useClass: AuthGuard }],
})
class FloorModule {}

async function main(): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_nest_floor (id bigserial PRIMARY KEY, account_id text NOT NULL, payload jsonb NOT NULL)');
  const app = process.env.PLATFORM === 'fastify' ? await onFastify() : await onExpress();
  app.setGlobalPrefix('v1');
  app.useGlobalPipes(validationPipe());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.send?.('listening');
}

/** As the service's app.ts sets it up. */
async function onExpress(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { logger: ['error'], bodyParser: false });
  app.disable('x-powered-by');
  // The correlation-id middleware the service had on Express (it now runs as a Fastify hook).
  app.use((request: IncomingMessage & { correlationId?: string }, response: ServerResponse, next: () => void) => {
    const given = request.headers['x-correlation-id'];
    request.correlationId = correlationIdFor(typeof given === 'string' ? given : undefined);
    response.setHeader('X-Correlation-Id', request.correlationId);
    next();
  });
  app.useBodyParser('json', { limit: '64kb' });
  return app;
}

async function onFastify(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter({ bodyLimit: 64 * 1024 }), { logger: ['error'] });
  app.getHttpAdapter().getInstance().addHook('onRequest', correlationIdHook); // the service's own hook
  return app;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
