import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles';
import { unauthenticated } from '../http/problem';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { Metrics } from './metrics';
import { bearerMatches } from './metrics-token';

/**
 * GET /metrics for Prometheus. It carries no account data; with METRICS_TOKEN set it also needs
 * `Authorization: Bearer <METRICS_TOKEN>` (Prometheus' `authorization` scrape setting), 401 otherwise.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics, @Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: FastifyReply): Promise<void> {
    const token = this.runtime.config.metricsToken;
    if (token !== undefined && !bearerMatches(authorization, token)) {
      throw unauthenticated('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.');
    }
    void response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
