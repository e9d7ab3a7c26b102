import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { requestContext } from '../account-command';
import { RecordCallCommand } from './record-call.command';
import type { RecordCallResult } from './record-call.handler';
import { RecordCallRequest } from './record-call.request.dto';
import { Example, CALL_RESULT } from '../../http/openapi-examples';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('accounts/:accountId/calls')
export class RecordCallController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RolesFor('RecordCallEnded')
  @ApiOperation({ summary: 'Record a call end: consumes subscription minutes, then credits; may trigger an auto-reload' })
  @Example(201, 'CallResult', CALL_RESULT, 'Recorded')
  @Example(200, 'CallResult', CALL_RESULT, 'This call id was already recorded: the first result, nothing changed')
  async record(@Param('accountId') accountId: string, @Body() body: RecordCallRequest, @Caller() caller: Principal, @CorrelationId() correlationId: string, @Res({ passthrough: true }) response: FastifyReply) {
    const { created, ...result } = await this.commands.execute<RecordCallCommand, RecordCallResult>(
      new RecordCallCommand(accountId, body, requestContext(caller, correlationId)),
    );
    if (!created) response.status(200);
    return result;
  }
}
