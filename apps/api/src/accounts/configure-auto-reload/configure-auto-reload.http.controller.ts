import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccountState } from '@billing/domain';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { requestContext } from '../account-command';
import { BillingSummaryService } from '../billing-summary.service';
import { ConfigureAutoReloadCommand } from './configure-auto-reload.command';
import { ConfigureAutoReloadRequest } from './configure-auto-reload.request.dto';
import { Example, BILLING_SUMMARY } from '../../http/openapi-examples';

@ApiTags('auto-reload')
@ApiBearerAuth()
@Controller('accounts/:accountId/auto-reload')
export class ConfigureAutoReloadController {
  constructor(private readonly commands: CommandBus, private readonly summaries: BillingSummaryService) {}

  @Put()
  @Example(200, 'BillingSummary', BILLING_SUMMARY)
  @RolesFor('ConfigureAutoReload')
  @ApiOperation({ summary: 'Turn auto-reload on or off and set its threshold and monthly maximum (Administrators only)' })
  async configure(@Param('accountId') accountId: string, @Body() body: ConfigureAutoReloadRequest, @Caller() caller: Principal, @CorrelationId() correlationId: string) {
    const state = await this.commands.execute<ConfigureAutoReloadCommand, AccountState>(
      new ConfigureAutoReloadCommand(accountId, body, requestContext(caller, correlationId)),
    );
    return this.summaries.of(state, caller);
  }
}
