import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { Runtime } from './infrastructure/runtime';

/** Builds the HTTP application on an open runtime (used by main.ts and by the tests). */
export async function createApp(runtime: Runtime): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    logger: runtime.logger,
    bufferLogs: false,
  });
  app.disable('x-powered-by');
  app.setGlobalPrefix('v1', { exclude: ['health', 'metrics', 'docs', 'docs-json'] });
  return app;
}
