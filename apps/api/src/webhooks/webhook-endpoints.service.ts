import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { parsePosition, START } from '@billing/event-store';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { ProblemError } from '../http/problem';
import type { Endpoint } from './endpoints.repository';
import { newSecret } from './signing';
import { checkTarget, TargetRefusedError } from './target-url';
import type { CreateWebhookEndpointRequest, UpdateWebhookEndpointRequest } from './webhook-endpoints.request.dto';
import { WebhookDispatcher } from './webhook-dispatcher';

const notFound = () => new ProblemError(404, 'WEBHOOK.ENDPOINT_NOT_FOUND', 'There is no webhook endpoint here.');

/** What the API shows of an endpoint: never its secret (that is shown once, when made or rotated). */
export function endpointView(e: Endpoint) {
  return {
    id: e.id, url: e.url, eventTypes: e.eventTypes, accountId: e.accountId, description: e.description, status: e.status,
    disabledReason: e.disabledReason, disabledAt: e.disabledAt?.toISOString() ?? null, position: e.position,
    previousSecretExpiresAt: e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
  };
}

@Injectable()
export class WebhookEndpointsService {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, private readonly dispatcher: WebhookDispatcher) {}

  private get settings() {
    return this.runtime.config.webhooks;
  }

  /** New endpoints receive the events written from now on (a replay sends older ones). */
  async create(body: CreateWebhookEndpointRequest) {
    await this.check(body.url);
    const secret = newSecret();
    const endpoint = await this.dispatcher.endpoints.create({
      id: `whe_${randomBytes(16).toString('hex')}`, url: body.url, eventTypes: body.eventTypes ?? null, accountId: body.accountId ?? null,
      description: body.description ?? null, secret, position: (await this.runtime.eventStore.headPosition()) ?? START,
    });
    this.dispatcher.changed(endpoint.id);
    return { ...endpointView(endpoint), secret };
  }

  async list() {
    return { endpoints: (await this.dispatcher.endpoints.list()).map(endpointView) };
  }

  async get(id: string) {
    const endpoint = await this.dispatcher.endpoints.get(id);
    if (!endpoint) throw notFound();
    return endpointView(endpoint);
  }

  async update(id: string, body: UpdateWebhookEndpointRequest) {
    if (body.url !== undefined) await this.check(body.url);
    const endpoint = await this.dispatcher.endpoints.update(id, body);
    if (!endpoint) throw notFound();
    this.dispatcher.changed(id);
    return endpointView(endpoint);
  }

  async delete(id: string) {
    const endpoint = await this.dispatcher.endpoints.delete(id);
    if (!endpoint) throw notFound();
    this.dispatcher.changed(id);
    return endpointView(endpoint);
  }

  async rotate(id: string) {
    const secret = newSecret();
    const endpoint = await this.dispatcher.endpoints.rotate(id, secret, new Date(Date.now() + this.settings.rotationGraceMs));
    if (!endpoint) throw notFound();
    return { ...endpointView(endpoint), secret };
  }

  async replay(id: string, fromPosition: string) {
    const endpoint = await this.dispatcher.endpoints.replay(id, parsePosition(fromPosition));
    if (!endpoint) throw notFound();
    this.dispatcher.changed(id);
    return endpointView(endpoint);
  }

  async deliveries(id: string, limit: number, before: string | undefined) {
    await this.get(id);
    return { deliveries: await this.dispatcher.deliveries.log(id, limit, before) };
  }

  async redeliver(id: string, eventId: string) {
    await this.get(id);
    if (!(await this.dispatcher.deliveries.requestRedelivery(id, eventId))) {
      throw new ProblemError(404, 'WEBHOOK.DELIVERY_NOT_FOUND', 'This event was never sent to this endpoint (only logged deliveries can be sent again).');
    }
    this.dispatcher.changed(id);
    return { eventId, queued: true };
  }

  private async check(url: string): Promise<void> {
    try {
      await checkTarget(url, this.settings.targets);
    } catch (error) {
      if (error instanceof TargetRefusedError) {
        throw new ProblemError(400, 'WEBHOOK.URL_REFUSED', error.message, [{ field: 'url', message: error.message }]);
      }
      throw error;
    }
  }
}
