import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountState } from '@billing/domain';
import { AccountRepository } from '../account-repository';
import { SetPaymentMethodCommand } from './set-payment-method.command';

@CommandHandler(SetPaymentMethodCommand)
export class SetPaymentMethodHandler implements ICommandHandler<SetPaymentMethodCommand, AccountState> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId, paymentMethodId, context }: SetPaymentMethodCommand): Promise<AccountState> {
    const { state } = await this.accounts.execute(
      { type: 'SetPaymentMethodOnFile', accountId, paymentMethodId, at: context.at, actor: context.actor },
      { commandKey: `request:${context.correlationId}`, correlationId: context.correlationId },
    );
    return state;
  }
}
