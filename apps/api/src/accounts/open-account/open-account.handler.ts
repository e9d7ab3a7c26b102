import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AccountState, assertPermitted, DomainError, type OpenAccount } from '@billing/domain';
import { AccountRepository } from '../account-repository';
import { TimeZones } from '../time-zones';
import { OpenAccountCommand } from './open-account.command';

export interface OpenAccountResult {
  state: AccountState;
  created: boolean;
}

/**
 * Opening is idempotent for the same body (the call platform may retry); a different body for an
 * existing id is a conflict, not a silent change.
 */
@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand, OpenAccountResult> {
  constructor(private readonly accounts: AccountRepository, private readonly timeZones: TimeZones) {}

  async execute({ request, context }: OpenAccountCommand): Promise<OpenAccountResult> {
    const command: OpenAccount = {
      type: 'OpenAccount',
      accountId: request.accountId,
      planId: request.plan,
      timeZone: request.timezone,
      stripeCustomerId: request.stripeCustomerId ?? null,
      at: context.at,
      actor: context.actor,
    };
    // Who may open comes first: the identical-retry answer below must not tell a refused caller anything.
    assertPermitted(command);
    // Before anything is read or compared: a zone PostgreSQL or the domain does not know is never stored.
    if (request.timezone != null) this.timeZones.require(request.timezone, 'timezone');
    const existing = await this.accounts.load(request.accountId);
    if (existing.state.status === 'open') {
      const [first] = await this.accounts.history(request.accountId, 1);
      const opened = first?.data as { planId?: string; timeZone?: string; stripeCustomerId?: string | null };
      const same =
        opened?.planId === request.plan &&
        opened?.timeZone === (request.timezone ?? 'UTC') &&
        (opened?.stripeCustomerId ?? null) === (request.stripeCustomerId ?? null);
      if (same) return { state: existing.state, created: false };
      throw new DomainError('ACCOUNT.ALREADY_EXISTS', `Account ${request.accountId} already exists with different details.`);
    }
    const { state } = await this.accounts.execute(
      command,
      { commandKey: `open:${request.accountId}`, correlationId: context.correlationId },
    );
    return { state, created: true };
  }
}
