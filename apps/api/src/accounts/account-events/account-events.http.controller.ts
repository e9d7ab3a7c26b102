import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { accountStreamName } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import { Roles } from '../../auth/roles';
import { accountNotFound } from '../../http/problem';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { AccountEventsRequest } from './account-events.request.dto';
import { Example, STORED_EVENT } from '../../http/openapi-examples';

/** The account's raw events, as stored, with their revisions and positions (support and auditors). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('accounts/:accountId/events')
export class AccountEventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Example(200, ['StoredEvent'], [{ ...STORED_EVENT, revision: 5 }])
  @Roles('support', 'auditor')
  @ApiOperation({ summary: 'The account\'s events in order, paginated by revision (X-Total-Count: events in the stream)' })
  async list(@Param('accountId') accountId: string, @Query() query: AccountEventsRequest, @Res({ passthrough: true }) response: FastifyReply) {
    const stream = accountStreamName(accountId);
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (!last) throw accountNotFound();
    const events = await this.store.readStream(stream, { fromRevision: query.fromRevision ?? 0, maxCount: query.limit ?? 100 });
    response.header('X-Total-Count', String(last.streamRevision + 1));
    return events.map((e) => ({
      id: e.id, type: e.type, schemaVersion: e.schemaVersion, stream: e.streamId, revision: e.streamRevision,
      position: e.position, recordedAt: e.recordedAt.toISOString(), data: e.data, metadata: e.metadata,
    }));
  }
}
