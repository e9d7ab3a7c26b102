import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { problemBody, toProblem } from '../../http/problem-details.filter';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import type { RequestContext } from '../account-command';
import { AccountRepository } from '../account-repository';
import type { CallEndItem, CallEndOutcome } from '../call-ends-in-order';
import { callEndCommand, callEndResult } from '../record-call/record-call.handler';
import type { RecordCallRequest } from '../record-call/record-call.request.dto';
import { RecordCallEndsCommand } from './record-call-ends.command';
import { validCallEnd } from './record-call-ends.request.dto';

/** One item's answer: what the single endpoint would have answered (its status and body), with the item's ids. */
export type CallEndAnswer = { accountId: string | null; callId: string | null; status: number } & Record<string, unknown>;

/**
 * Accounts of one batch that take the one-account path at once (not cached, busy, or retried; the
 * cached ones are appended together, see executeTogether): enough that one slow account (a long
 * stream to fold, a conflict to retry) does not hold the others, few enough that one batch does not
 * take the whole pool.
 */
export const ACCOUNTS_AT_ONCE = 16;

interface Pending {
  index: number;
  request: RecordCallRequest;
  item: CallEndItem;
}

@CommandHandler(RecordCallEndsCommand)
export class RecordCallEndsHandler implements ICommandHandler<RecordCallEndsCommand, CallEndAnswer[]> {
  constructor(private readonly accounts: AccountRepository, @Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ items, context, instance }: RecordCallEndsCommand): Promise<CallEndAnswer[]> {
    const answers: CallEndAnswer[] = new Array(items.length);
    const byAccount = new Map<string, Pending[]>();
    for (const [index, raw] of items.entries()) {
      try {
        const { accountId, request } = await validCallEnd(raw);
        const item = callEndCommand(accountId, request, context);
        const pending = byAccount.get(accountId) ?? [];
        pending.push({ index, request, item });
        byAccount.set(accountId, pending);
      } catch (error) {
        answers[index] = this.refused(raw, error, context, instance);
      }
    }
    const groups = [...byAccount.entries()];
    const outcomes = await this.accounts.executeCallEndsOfAccounts(groups.map(([accountId, pending]) => ({ accountId, items: pending.map((p) => p.item) })), ACCOUNTS_AT_ONCE);
    groups.forEach(([accountId, pending], g) => {
      pending.forEach((p, i) => { answers[p.index] = this.answer(accountId, p, outcomes[g][i], context, instance); });
    });
    return answers;
  }

  private answer(accountId: string, { request, item }: Pending, outcome: CallEndOutcome, context: RequestContext, instance: string): CallEndAnswer {
    try {
      if ('error' in outcome) throw outcome.error;
      const { created, ...body } = callEndResult(this.runtime, accountId, request, context, outcome.result);
      return { accountId, callId: request.callId, status: created ? 201 : 200, ...body };
    } catch (error) {
      return this.refused(item.command, error, context, instance);
    }
  }

  /** A problem detail as the exception filter renders it, for this item alone (and logged as it logs). */
  private refused(item: unknown, error: unknown, context: RequestContext, instance: string): CallEndAnswer {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      this.runtime.logger?.entry(problem.status === 503 ? 'warn' : 'error', 'a call end of a batch failed', {
        correlationId: context.correlationId, error: (error as Error)?.message, ...(problem.status === 503 ? {} : { stack: (error as Error)?.stack }),
      });
    }
    const { accountId, callId } = (typeof item === 'object' && item !== null ? item : {}) as { accountId?: unknown; callId?: unknown };
    return {
      ...problemBody(problem, instance, context.correlationId),
      accountId: typeof accountId === 'string' ? accountId : null,
      callId: typeof callId === 'string' ? callId : null,
      status: problem.status,
    };
  }
}
