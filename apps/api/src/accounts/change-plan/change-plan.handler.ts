import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountState } from '@billing/domain';
import { AccountRepository } from '../account-repository';
import { ChangePlanCommand } from './change-plan.command';

@CommandHandler(ChangePlanCommand)
export class ChangePlanHandler implements ICommandHandler<ChangePlanCommand, AccountState> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId, planId, context }: ChangePlanCommand): Promise<AccountState> {
    const { state } = await this.accounts.execute(
      { type: 'ChangePlan', accountId, planId, at: context.at, actor: context.actor },
      { commandKey: `request:${context.correlationId}`, correlationId: context.correlationId },
    );
    return state;
  }
}
