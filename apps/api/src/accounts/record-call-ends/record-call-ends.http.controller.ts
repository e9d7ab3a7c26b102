import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { CALL_END_RESULTS, CALL_ENDS_MALFORMED, CALL_ENDS_TOO_LARGE, Example } from '../../http/openapi-examples';
import { requestContext } from '../account-command';
import { RecordCallEndsCommand } from './record-call-ends.command';
import type { CallEndAnswer } from './record-call-ends.handler';
import { CALL_ENDS_PATH, callEndsOf, MAX_CALL_ENDS, RecordCallEndsRequest } from './record-call-ends.request.dto';

@ApiTags('calls')
@ApiBearerAuth()
@Controller(CALL_ENDS_PATH)
export class RecordCallEndsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @RolesFor('RecordCallEnded')
  @ApiOperation({
    summary: `Record up to ${MAX_CALL_ENDS} call ends for any accounts: each answered as POST /v1/accounts/{accountId}/calls would answer it`,
    description: 'In the order given within each account; one result per item, in the request\'s order. One bad item never fails the others: '
      + 'the request is refused (400) only when the envelope is malformed, 413 when the body exceeds 1 MB.',
  })
  @ApiBody({ type: RecordCallEndsRequest })
  @Example(200, 'CallEndResults', CALL_END_RESULTS, 'One result per item: 201 recorded, 200 already recorded (the first result), or a problem detail')
  @Example(400, 'Problem', CALL_ENDS_MALFORMED, 'The envelope is malformed (not JSON, not an array, 0 or more than 1,000 items)', 'application/problem+json')
  @Example(413, 'Problem', CALL_ENDS_TOO_LARGE, 'The body exceeds 1 MB', 'application/problem+json')
  // The body is read whole, not through @Body: the global pipe would refuse the batch for one item's
  // fault; the envelope is checked here and each item by the single endpoint's rules in the handler.
  async record(@Req() request: { body?: unknown; originalUrl: string }, @Caller() caller: Principal, @CorrelationId() correlationId: string): Promise<{ results: CallEndAnswer[] }> {
    const items = callEndsOf(request.body);
    const results = await this.commands.execute<RecordCallEndsCommand, CallEndAnswer[]>(
      new RecordCallEndsCommand(items, requestContext(caller, correlationId), request.originalUrl),
    );
    return { results };
  }
}
