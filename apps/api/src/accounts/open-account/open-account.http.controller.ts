import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { requestContext } from '../account-command';
import { BillingSummaryService } from '../billing-summary.service';
import { OpenAccountCommand } from './open-account.command';
import type { OpenAccountResult } from './open-account.handler';
import { OpenAccountRequest } from './open-account.request.dto';
import { Example, BILLING_SUMMARY } from '../../http/openapi-examples';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class OpenAccountController {
  constructor(private readonly commands: CommandBus, private readonly summaries: BillingSummaryService) {}

  @Post()
  @HttpCode(201)
  @RolesFor('OpenAccount')
  @ApiOperation({ summary: 'Open a billing account', description: 'The same body again answers 200 and changes nothing; a different body for an existing id is 409.' })
  @Example(201, 'BillingSummary', BILLING_SUMMARY, 'Opened; the billing summary')
  @Example(200, 'BillingSummary', BILLING_SUMMARY, 'Already open with this body; the billing summary')
  async open(@Body() body: OpenAccountRequest, @Caller() caller: Principal, @CorrelationId() correlationId: string, @Res({ passthrough: true }) response: FastifyReply) {
    const result = await this.commands.execute<OpenAccountCommand, OpenAccountResult>(
      new OpenAccountCommand(body, requestContext(caller, correlationId)),
    );
    if (!result.created) response.status(200);
    return this.summaries.of(result.state, caller);
  }
}
