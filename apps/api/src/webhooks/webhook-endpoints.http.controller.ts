import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles';
import { Example, WEBHOOK_DELIVERY, WEBHOOK_ENDPOINT } from '../http/openapi-examples';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { CreateWebhookEndpointRequest, DeliveryLogRequest, ReplayRequest, UpdateWebhookEndpointRequest } from './webhook-endpoints.request.dto';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Downstream webhook endpoints: registered, changed and watched by services and support. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhook-endpoints')
@Roles('service', 'support')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @Example(201, 'WebhookEndpointWithSecret', { ...WEBHOOK_ENDPOINT, secret: SECRET }, 'Registered; the secret is shown this once')
  @ApiOperation({ summary: 'Register an endpoint; the answer carries its signing secret, shown once' })
  create(@Body() body: CreateWebhookEndpointRequest) {
    return this.endpoints.create(body);
  }

  @Get()
  @Example(200, 'WebhookEndpointList', { endpoints: [WEBHOOK_ENDPOINT] })
  @ApiOperation({ summary: 'Every endpoint with its status (and why it was disabled)' })
  list() {
    return this.endpoints.list();
  }

  @Get(':endpointId')
  @Example(200, 'WebhookEndpoint', WEBHOOK_ENDPOINT)
  @ApiOperation({ summary: 'One endpoint' })
  get(@Param('endpointId') id: string) {
    return this.endpoints.get(id);
  }

  @Patch(':endpointId')
  @Example(200, 'WebhookEndpoint', WEBHOOK_ENDPOINT)
  @ApiOperation({ summary: 'Change url, event types or description; enabled: true resumes a disabled endpoint where it stopped' })
  update(@Param('endpointId') id: string, @Body() body: UpdateWebhookEndpointRequest) {
    return this.endpoints.update(id, body);
  }

  @Delete(':endpointId')
  @Example(200, 'WebhookEndpoint', WEBHOOK_ENDPOINT, 'Deleted with its delivery log: the endpoint as it was')
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log' })
  delete(@Param('endpointId') id: string) {
    return this.endpoints.delete(id);
  }

  @Post(':endpointId/rotate-secret')
  @HttpCode(200)
  @Example(200, 'WebhookEndpointWithSecret', { ...WEBHOOK_ENDPOINT, previousSecretExpiresAt: '2026-11-26T10:15:00.000Z', secret: SECRET }, 'The new secret, shown this once')
  @ApiOperation({ summary: 'A new signing secret; the old one keeps signing too for 24 hours' })
  rotate(@Param('endpointId') id: string) {
    return this.endpoints.rotate(id);
  }

  @Post(':endpointId/replay')
  @HttpCode(200)
  @Example(200, 'WebhookEndpoint', WEBHOOK_ENDPOINT)
  @ApiOperation({ summary: 'Deliver again every matching event after a position, in order' })
  replay(@Param('endpointId') id: string, @Body() body: ReplayRequest) {
    return this.endpoints.replay(id, body.fromPosition);
  }

  @Get(':endpointId/deliveries')
  @Example(200, 'WebhookDeliveryLog', { deliveries: [WEBHOOK_DELIVERY] })
  @ApiOperation({ summary: 'The delivery log, newest event first: attempts, last answer and latency, next retry' })
  deliveries(@Param('endpointId') id: string, @Query() query: DeliveryLogRequest) {
    return this.endpoints.deliveries(id, query.limit ?? 50, query.before);
  }

  @Post(':endpointId/deliveries/:eventId/redeliver')
  @HttpCode(202)
  @Example(202, 'WebhookRedelivery', { eventId: WEBHOOK_DELIVERY.eventId, queued: true }, 'Queued: the endpoint\'s owner sends it once more')
  @ApiOperation({ summary: 'Send one logged event once more' })
  redeliver(@Param('endpointId') id: string, @Param('eventId') eventId: string) {
    return this.endpoints.redeliver(id, eventId);
  }
}
