import type { ServerResponse } from 'node:http';
import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type EventStore, parsePosition } from '@billing/event-store';
import { Roles } from '../auth/roles';
import { ProblemError } from '../http/problem';
import { EVENT_STORE } from '../infrastructure/tokens';
import { feedItem, matches, readFeed, storeFilter } from './feed';
import { FeedRequest } from './feed.request.dto';
import { Example, STORED_EVENT } from '../http/openapi-examples';

const HEARTBEAT_MS = 15_000;

/**
 * The downstream feed: every billing event in the store's order, resumable from any position.
 * At-least-once: consumers remember the last position they processed and dedupe by event id.
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class FeedController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Example(200, 'FeedPage', { events: [STORED_EVENT], next: STORED_EVENT.position })
  @Roles('service', 'auditor', 'support')
  @ApiOperation({ summary: 'Billing events after a position, in order; `next` is where to resume' })
  async page(@Query() query: FeedRequest) {
    const events = await readFeed(this.store, query.after, query.limit ?? 100, query);
    return { events: events.map(feedItem), next: events.length ? events[events.length - 1].position : query.after ?? null };
  }

  @Get('stream')
  @Example(200, { type: 'string', description: 'Server-sent events: id (the position), event (the type), data (the event as JSON)' }, `id: ${STORED_EVENT.position}\nevent: CallMinutesConsumed\ndata: {"id":"${STORED_EVENT.id}",…}\n\n`, 'A stream of events', 'text/event-stream')
  @Roles('service', 'auditor', 'support')
  @ApiOperation({ summary: 'Server-Sent Events: id is the position; resumes after Last-Event-ID (or ?after=); heartbeats every 15 s' })
  async stream(@Query() query: FeedRequest, @Headers('last-event-id') lastEventId: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const after = lastEventId ?? query.after;
    if (after !== undefined && !/^\d{20}-\d{20}$/.test(after)) {
      throw new ProblemError(400, 'FEED.INVALID_POSITION', 'Last-Event-ID must be a position sent by this feed.');
    }
    // Written on the raw response, Fastify out of the way (hijacked): Node's own back-pressure and close events.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.write(': billing events\n\n');
    const stop = new AbortController();
    request.raw.on('close', () => stop.abort());
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    try {
      const events = this.store.subscribeToAll({ fromPosition: after ? parsePosition(after) : undefined, filter: storeFilter(query), signal: stop.signal });
      for await (const e of events) {
        if (!matches(query, e)) continue;
        const ok = response.write(`id: ${e.position}\nevent: ${e.type}\ndata: ${JSON.stringify(feedItem(e))}\n\n`);
        if (!ok) await drained(response, stop.signal); // a slow consumer slows us down, never fills our memory
      }
    } finally {
      clearInterval(heartbeat);
      response.end();
    }
  }
}

/** Resolves when the socket can take more, or when the consumer has gone. */
function drained(response: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    response.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
