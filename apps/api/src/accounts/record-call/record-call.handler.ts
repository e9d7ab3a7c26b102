import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consumedCall } from '@billing/domain';
import { ProblemError } from '../../http/problem';
import { AccountRepository } from '../account-repository';
import { RecordCallCommand } from './record-call.command';

export interface RecordCallResult {
  created: boolean;
  consumed: { subscriptionSeconds: number; creditSeconds: number };
  balanceSeconds: number;
  autoReload: { outcome: 'triggered' | 'not_triggered'; reason: string; reloadId: string | null };
}

/** Clocks differ a little between the call platform and us; more than this is a bad request. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

@CommandHandler(RecordCallCommand)
export class RecordCallHandler implements ICommandHandler<RecordCallCommand, RecordCallResult> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId, request, context }: RecordCallCommand): Promise<RecordCallResult> {
    if (Date.parse(request.endedAt) > Date.parse(context.at) + MAX_CLOCK_SKEW_MS) {
      throw new ProblemError(400, 'CALL.ENDED_IN_FUTURE', 'endedAt is more than 5 minutes in the future.', [
        { field: 'endedAt', message: 'must not be more than 5 minutes in the future' },
      ]);
    }
    const { state, events } = await this.accounts.execute(
      { type: 'RecordCallEnded', accountId, callId: request.callId, durationSeconds: request.durationSeconds, endedAt: request.endedAt, at: context.at, actor: context.actor },
      // The call id names the command: two identical call ends racing write the same event ids.
      { commandKey: `call:${accountId}:${request.callId}`, correlationId: context.correlationId },
    );
    const call = consumedCall(state, request.callId);
    if (!call) throw new Error(`call ${request.callId} was not recorded`);
    return {
      created: events.length > 0,
      consumed: { subscriptionSeconds: call.subscriptionSeconds, creditSeconds: call.creditSeconds },
      balanceSeconds: call.creditBalanceAfterSeconds,
      autoReload: { outcome: call.autoReload === 'triggered' ? 'triggered' : 'not_triggered', reason: call.autoReload, reloadId: call.reloadId },
    };
  }
}
