import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountState } from '@billing/domain';
import { AccountRepository } from '../account-repository';
import { ConfigureAutoReloadCommand } from './configure-auto-reload.command';

@CommandHandler(ConfigureAutoReloadCommand)
export class ConfigureAutoReloadHandler implements ICommandHandler<ConfigureAutoReloadCommand, AccountState> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId, request, context }: ConfigureAutoReloadCommand): Promise<AccountState> {
    const { state } = await this.accounts.execute(
      {
        type: 'ConfigureAutoReload',
        accountId,
        enabled: request.enabled,
        thresholdMinutes: request.thresholdMinutes,
        monthlyMaximum: request.monthlyMax,
        at: context.at,
        actor: context.actor,
      },
      { commandKey: `request:${context.correlationId}`, correlationId: context.correlationId },
    );
    return state;
  }
}
