import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import Stripe from 'stripe';
import type { EventStore } from '@billing/event-store';
import { accountTimeZone } from '../accounts/account-time-zone';
import { Roles } from '../auth/roles';
import { ExpensiveRead } from '../http/rate-limit/expensive-read';
import { accountNotFound } from '../http/problem';
import { EVENT_STORE, PG_POOL, RUNTIME } from '../infrastructure/tokens';
import { replayAccount } from './audit-queries';
import { invalidQuery } from './invalid-query';
import { type InstantRange, InvalidRangeError, parseRange, parseUntil } from './range';
import { verifyReadModels } from './verify';
import { Example, RECONCILIATION, REPLAY, VERIFY } from '../http/openapi-examples';
import { ProblemError } from '../http/problem';
import type { Runtime } from '../infrastructure/runtime';
import { STRIPE_CLIENT } from '../payments/payments.tokens';
import { classifyStripeError } from '../payments/stripe-outcomes';
import { reconcile } from './reconcile/reconcile';

/** The auditor's tools over HTTP, the same as `npm run audit -- replay|verify`. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Get('reconcile')
  @Example(200, 'Reconciliation', RECONCILIATION, 'ok is false when Stripe and the store differ anywhere; each difference is listed')
  @Roles('auditor')
  @ExpensiveRead()
  @ApiQuery({ name: 'from', description: 'A date (start of day, UTC) or an instant, included.' })
  @ApiQuery({ name: 'to', description: 'A date (included to its end, UTC) or an instant, excluded.' })
  @ApiOperation({ summary: 'Stripe\'s Checkout Sessions, PaymentIntents and refunds in the range against the purchases, reloads and refunds in the store: every difference' })
  async reconcile(@Query('from') from: string | undefined, @Query('to') to: string | undefined) {
    let range: InstantRange;
    try {
      range = parseRange(from, to);
    } catch (error) {
      if (!(error instanceof InvalidRangeError)) throw error;
      throw invalidQuery(error.message.startsWith('to') || error.message.startsWith('"to"') ? 'to' : 'from', error.message);
    }
    if (!this.runtime.config.stripe.secretKey) {
      throw new ProblemError(409, 'RECONCILE.NEEDS_STRIPE', 'Reconciliation needs Stripe: STRIPE_SECRET_KEY is not set (the sandbox takes no payments to compare with).');
    }
    try {
      return await reconcile(this.stripe, this.store, range);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeError)) throw error;
      const fault = classifyStripeError(error);
      throw new ProblemError(fault.class === 'transient' ? 503 : 502, 'RECONCILE.STRIPE_UNAVAILABLE', `Stripe did not answer the reconciliation (${fault.class}: ${fault.code}): ${fault.message}`);
    }
  }

  @Get('accounts/:accountId/replay')
  @Example(200, 'Replay', REPLAY)
  @Roles('auditor')
  @ExpensiveRead()
  @ApiQuery({ name: 'until', required: false, description: 'An instant, or a date (the end of that day in the account\'s time zone): events recorded later are left out.' })
  @ApiOperation({ summary: 'The account\'s history event by event, folded from its events: change, running balance, reloads of the month' })
  async replay(@Param('accountId') accountId: string, @Query('until') until?: string) {
    let limit: Date | undefined;
    try {
      limit = parseUntil(until, await accountTimeZone(this.store, accountId));
    } catch (error) {
      throw error instanceof InvalidRangeError ? invalidQuery('until', error.message) : error;
    }
    const events = await replayAccount(this.store, accountId, limit);
    if (!events) throw accountNotFound();
    return { accountId, until: limit?.toISOString() ?? null, events };
  }

  @Get('verify')
  @Example(200, 'Verification', VERIFY, 'ok is false when any read model differs from the events; behind lists read models still catching up')
  @Roles('auditor')
  @ExpensiveRead()
  @ApiOperation({ summary: 'Recomputes every read model from the events and lists each drift (ok: false when there is any)' })
  async verify() {
    const result = await verifyReadModels(this.store, this.pool);
    return { ok: result.drifts.length === 0, ...result };
  }
}
