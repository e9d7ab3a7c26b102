import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, type INestApplication, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonLogger } from './json-logger';
import { bindRequestLogContext, type RawRequest } from './request-context';

// A small Nest app whose controller logs through the logger, on both adapters: every line written while
// a request is handled carries that request's correlation id, across awaits and a body read in pieces.
type Line = Record<string, unknown>;
const lines: Line[] = [];
const logger = new JsonLogger('debug', (line) => lines.push(JSON.parse(line) as Line));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Controller('work')
class WorkController {
  @Get(':name')
  async get(@Param('name') name: string): Promise<{ name: string }> {
    logger.entry('info', 'before', { name });
    await pause(20); // another request runs meanwhile
    logger.entry('info', 'after', { name });
    logger.log(`nest-style ${name}`, 'WorkController');
    return { name };
  }

  @Post()
  async post(@Body() body: { name: string }): Promise<{ name: string }> {
    logger.entry('info', 'posted', { name: body.name });
    return { name: body.name };
  }
}

@Module({ controllers: [WorkController] })
class WorkModule {}

const adapters: Array<[string, () => Promise<INestApplication>]> = [
  ['Express', async () => {
    const app = await NestFactory.create<NestExpressApplication>(WorkModule, { logger: false, bodyParser: false });
    app.useBodyParser('json'); // as app.ts: the binding after the body parsers
    app.use(bindRequestLogContext);
    return app;
  }],
  ['Fastify, as middleware (middie)', async () => {
    const app = await NestFactory.create<NestFastifyApplication>(WorkModule, new FastifyAdapter(), { logger: false });
    app.use(bindRequestLogContext);
    return app;
  }],
  ['Fastify, as a preHandler hook', async () => {
    const app = await NestFactory.create<NestFastifyApplication>(WorkModule, new FastifyAdapter(), { logger: false });
    app.getHttpAdapter().getInstance().addHook('preHandler', (request, reply, done) => bindRequestLogContext(request.raw as RawRequest, reply.raw, done));
    return app;
  }],
];

describe.each(adapters)('log lines of a request carry its correlation id — %s', (_name, build) => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await build();
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app.close());
  beforeEach(() => lines.splice(0));

  it('each of two overlapping requests, and lines outside a request carry none', async () => {
    logger.entry('info', 'outside before');
    await Promise.all([send(port, 'GET', '/work/a', 'cid-a'), pause(5).then(() => send(port, 'GET', '/work/b', 'cid-b'))]);
    logger.entry('info', 'outside after');
    const byName = (name: string) => lines.filter((l) => l.name === name || String(l.msg).endsWith(` ${name}`));
    expect(byName('a').map((l) => l.correlationId)).toEqual(['cid-a', 'cid-a', 'cid-a']);
    expect(byName('b').map((l) => l.correlationId)).toEqual(['cid-b', 'cid-b', 'cid-b']);
    expect(lines.filter((l) => String(l.msg).startsWith('outside')).map((l) => 'correlationId' in l)).toEqual([false, false]);
  });

  it('a JSON body sent in two packets, and a request without the header gets a generated id', async () => {
    await send(port, 'POST', '/work', 'cid-post', '{"name":', '"late"}');
    await send(port, 'GET', '/work/anonymous');
    expect(lines.find((l) => l.msg === 'posted')).toMatchObject({ name: 'late', correlationId: 'cid-post' });
    expect(lines.find((l) => l.msg === 'before')?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** A raw request, so the body can be sent in pieces with a pause between them. */
function send(port: number, method: string, path: string, correlationId?: string, ...body: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = correlationId ? { 'x-correlation-id': correlationId } : {};
    if (body.length) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(body.join('').length) });
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    void (async () => {
      for (const piece of body) {
        request.write(piece);
        await pause(30);
      }
      request.end();
    })();
  });
}
