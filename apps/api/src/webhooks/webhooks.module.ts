import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsController } from './webhook-endpoints.http.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** Downstream webhooks: endpoints through the API, delivery from each endpoint's own cursor on the store. */
@Module({ controllers: [WebhookEndpointsController], providers: [WebhookDispatcher, WebhookEndpointsService] })
export class WebhooksModule {}
