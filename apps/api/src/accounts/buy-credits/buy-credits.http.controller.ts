import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { ProblemError } from '../../http/problem';
import { requestContext } from '../account-command';
import { BuyCreditsCommand } from './buy-credits.command';
import type { BuyCreditsResult } from './buy-credits.handler';
import { BuyCreditsRequest } from './buy-credits.request.dto';
import { CHECKOUT_FAILED, Example, PURCHASE_STARTED } from '../../http/openapi-examples';

@ApiTags('credit purchases')
@ApiBearerAuth()
@Controller('accounts/:accountId/credit-purchases')
export class BuyCreditsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Example(201, 'PurchaseStarted', PURCHASE_STARTED, 'Started; send the browser to checkoutUrl')
  @Example(502, 'Problem', CHECKOUT_FAILED, 'Stripe answered with an error (PAYMENT_PROVIDER.ERROR, PAYMENT_PROVIDER.REFUSED); nothing was charged', 'application/problem+json')
  @Example(503, 'Problem', { ...CHECKOUT_FAILED, status: 503, code: 'PAYMENT_PROVIDER.UNREACHABLE', type: 'urn:billing:problem:PAYMENT_PROVIDER.UNREACHABLE', title: 'Service Unavailable', detail: 'The payment provider could not be reached (timeout). Nothing was charged; try again in a moment (the same Idempotency-Key continues the same purchase).' }, 'Stripe could not be reached (PAYMENT_PROVIDER.UNREACHABLE) or refused our key (PAYMENT_PROVIDER.UNAVAILABLE); Retry-After says when to try again', 'application/problem+json')
  @HttpCode(201)
  @RolesFor('StartCreditPurchase')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key and body answer the first response; another body is 409.' })
  @ApiOperation({ summary: 'Buy 1–100 blocks of 100 minutes: returns the Checkout URL; credits arrive when payment is confirmed' })
  buy(
    @Param('accountId') accountId: string,
    @Body() body: BuyCreditsRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Caller() caller: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<BuyCreditsResult> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      throw new ProblemError(400, 'REQUEST.INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
    }
    return this.commands.execute(new BuyCreditsCommand(accountId, body.blocks, idempotencyKey, requestContext(caller, correlationId)));
  }
}
