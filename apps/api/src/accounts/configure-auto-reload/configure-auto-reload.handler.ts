import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountState } from '@billing/domain';
import { ProblemError } from '../../http/problem';
import { AccountRepository } from '../account-repository';
import { ConfigureAutoReloadCommand } from './configure-auto-reload.command';

@CommandHandler(ConfigureAutoReloadCommand)
export class ConfigureAutoReloadHandler implements ICommandHandler<ConfigureAutoReloadCommand, AccountState> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId, request, context }: ConfigureAutoReloadCommand): Promise<AccountState> {
    // monthlyMax is the deprecated name of monthlyMaximum (the errors' name): either is accepted, not two values.
    const { monthlyMaximum = request.monthlyMax, monthlyMax = monthlyMaximum } = request;
    if (monthlyMax !== monthlyMaximum) {
      throw new ProblemError(400, 'REQUEST.INVALID', 'monthlyMax is the deprecated name of monthlyMaximum; send one of them.', [
        { field: 'monthlyMaximum', message: 'must equal monthlyMax when both are sent' },
      ]);
    }
    const { state } = await this.accounts.execute(
      {
        type: 'ConfigureAutoReload',
        accountId,
        enabled: request.enabled,
        thresholdMinutes: request.thresholdMinutes,
        monthlyMaximum,
        at: context.at,
        actor: context.actor,
      },
      { commandKey: `request:${context.correlationId}`, correlationId: context.correlationId },
    );
    return state;
  }
}
