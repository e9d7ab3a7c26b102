import { Controller, Get, Header, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { minutesOfBlocks } from '@billing/domain';
import { AccountRepository } from '../../accounts/account-repository';
import { billingPageUrl } from '../../accounts/billing-page-url';
import { Public } from '../../auth/roles';
import { ProblemError } from '../../http/problem';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import { PAYMENT_GATEWAY, type PaymentGateway } from '../payment-gateway';
import { logOutcome, PaymentOutcomes } from '../payment-outcomes';
import { parseSandboxSession } from '../sandbox-gateway';
import { sandboxPage } from './sandbox-page';

/**
 * GET /v1/sandbox/checkout/:sessionId — exists only when no Stripe key is configured (and never in
 * production, which requires one). Pay goes through the same fulfilment as Stripe's webhook.
 */
@ApiExcludeController()
@Public()
@Controller('sandbox/checkout/:sessionId')
export class SandboxCheckoutController {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly outcomes: PaymentOutcomes,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async page(@Param('sessionId') sessionId: string): Promise<string> {
    const { ids, purchase } = await this.find(sessionId);
    return sandboxPage({ sessionId, ...ids, minutes: minutesOfBlocks(purchase.blocks), ratePerMinute: purchase.ratePerMinute, total: purchase.total, status: purchase.status });
  }

  @Post('pay')
  @HttpCode(303)
  async pay(@Param('sessionId') sessionId: string, @Req() request: FastifyRequest & { correlationId?: string }, @Res() response: FastifyReply): Promise<void> {
    const { ids, purchase } = await this.find(sessionId);
    const outcome = await this.outcomes.purchasePaid(
      ids.accountId, ids.purchaseId, `pi_sandbox_${ids.purchaseId}`, purchase.total, 'pm_sandbox_card', new Date(), request.correlationId,
    );
    logOutcome(this.runtime.logger, 'sandbox payment', outcome, { ...ids, correlationId: request.correlationId });
    void response.redirect(billingPageUrl(this.runtime.config.publicUrl, ids.accountId, { outcome: 'success', purchaseId: ids.purchaseId }), 303);
  }

  @Post('cancel')
  @HttpCode(303)
  async cancel(@Param('sessionId') sessionId: string, @Res() response: FastifyReply): Promise<void> {
    const { ids } = await this.find(sessionId);
    void response.redirect(billingPageUrl(this.runtime.config.publicUrl, ids.accountId, { outcome: 'cancelled', purchaseId: ids.purchaseId }), 303);
  }

  private async find(sessionId: string) {
    const ids = this.gateway.kind === 'sandbox' ? parseSandboxSession(sessionId) : undefined;
    const notFound = new ProblemError(404, 'SANDBOX.SESSION_NOT_FOUND', 'There is no sandbox checkout session here.');
    if (!ids) throw notFound;
    // From the state, or from the store once newer purchases pushed it out of the state.
    const purchase = await this.accounts.recordedPurchase(ids.accountId, ids.purchaseId);
    if (!purchase) throw notFound;
    return { ids, purchase };
  }
}
