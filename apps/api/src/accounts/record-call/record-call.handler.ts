import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { callResultOf, endedTooFarInFuture, type BillingCommand } from '@billing/domain';
import { ProblemError } from '../../http/problem';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import type { RequestContext } from '../account-command';
import { AccountRepository, type ExecuteOptions, type ExecuteResult } from '../account-repository';
import { RecordCallCommand } from './record-call.command';
import type { RecordCallRequest } from './record-call.request.dto';

export interface RecordCallResult {
  created: boolean;
  consumed: { subscriptionSeconds: number; creditSeconds: number };
  balanceSeconds: number;
  autoReload: { outcome: 'triggered' | 'not_triggered'; reason: string; reloadId: string | null };
}

/** The rule lives in the domain (endedTooFarInFuture); exported here still for existing importers. */
export { MAX_CLOCK_SKEW_MS } from '@billing/domain';

export type CallEndCommand = Extract<BillingCommand, { type: 'RecordCallEnded' }>;

/**
 * A call end as the repository runs it, for the single endpoint and the batch alike (one set of rules):
 * refused at once when it ends too far in the future.
 */
export function callEndCommand(accountId: string, request: RecordCallRequest, context: RequestContext): { command: CallEndCommand; options: ExecuteOptions } {
  if (endedTooFarInFuture(request.endedAt, context.at)) {
    throw new ProblemError(400, 'CALL.ENDED_IN_FUTURE', 'endedAt is more than 5 minutes in the future.', [
      { field: 'endedAt', message: 'must not be more than 5 minutes in the future' },
    ]);
  }
  return {
    command: { type: 'RecordCallEnded', accountId, callId: request.callId, durationSeconds: request.durationSeconds, endedAt: request.endedAt, at: context.at, actor: context.actor },
    // The call id names the command: a retry of the same attempt in this process writes the same event ids.
    options: { commandKey: `call:${accountId}:${request.callId}`, correlationId: context.correlationId },
  };
}

/** What a call end is answered with, from what the repository did with it (both endpoints). */
export function callEndResult(runtime: Runtime, accountId: string, request: RecordCallRequest, context: RequestContext, { events, duplicateOf }: ExecuteResult): RecordCallResult {
  // Recorded now, or (the store refused a second consumption of this call id) the first one, read back by key.
  const consumed = events[0] ?? duplicateOf;
  if (consumed?.type !== 'CallMinutesConsumed') throw new Error(`call ${request.callId} was not recorded`);
  const call = callResultOf(consumed.data);
  if (duplicateOf && (call.durationSeconds !== request.durationSeconds || Date.parse(call.endedAt) !== Date.parse(request.endedAt))) {
    // Not a new call: the id is billed once. Answered with the first result (200, as any repeat) and
    // logged, so that a call platform reusing ids is seen rather than silently absorbed.
    runtime.logger?.entry('warn', 'call id already recorded with another call end; answered with the first result', {
      accountId, callId: request.callId, correlationId: context.correlationId,
      recorded: { durationSeconds: call.durationSeconds, endedAt: call.endedAt }, sent: { durationSeconds: request.durationSeconds, endedAt: request.endedAt },
    });
  }
  return {
    created: events.length > 0,
    consumed: { subscriptionSeconds: call.subscriptionSeconds, creditSeconds: call.creditSeconds },
    balanceSeconds: call.creditBalanceAfterSeconds,
    autoReload: { outcome: call.autoReload === 'triggered' ? 'triggered' : 'not_triggered', reason: call.autoReload, reloadId: call.reloadId },
  };
}

@CommandHandler(RecordCallCommand)
export class RecordCallHandler implements ICommandHandler<RecordCallCommand, RecordCallResult> {
  constructor(private readonly accounts: AccountRepository, @Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ accountId, request, context }: RecordCallCommand): Promise<RecordCallResult> {
    const { command, options } = callEndCommand(accountId, request, context);
    return callEndResult(this.runtime, accountId, request, context, await this.accounts.execute(command, options));
  }
}
