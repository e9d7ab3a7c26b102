import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { Runtime } from '../infrastructure/runtime';
import { PG_POOL, RUNTIME } from '../infrastructure/tokens';
import { PaymentsModule } from '../payments/payments.module';
import { AccountEventsController } from './account-events/account-events.http.controller';
import { BalanceAsOfController } from './balance-as-of/balance-as-of.http.controller';
import { BalanceAsOfHandler } from './balance-as-of/balance-as-of.handler';
import { LedgerController } from './ledger/ledger.http.controller';
import { ListAccountsController } from './list-accounts/list-accounts.http.controller';
import { ListCallsController } from './list-calls/list-calls.http.controller';
import { ListReloadsController } from './list-reloads/list-reloads.http.controller';
import { BuyCreditsController } from './buy-credits/buy-credits.http.controller';
import { BuyCreditsHandler } from './buy-credits/buy-credits.handler';
import { ListPurchasesController } from './list-purchases/list-purchases.http.controller';
import { ListPurchasesHandler } from './list-purchases/list-purchases.handler';
import { BillingSummaryService } from './billing-summary.service';
import { ChangePlanController } from './change-plan/change-plan.http.controller';
import { ChangePlanHandler } from './change-plan/change-plan.handler';
import { ConfigureAutoReloadController } from './configure-auto-reload/configure-auto-reload.http.controller';
import { ConfigureAutoReloadHandler } from './configure-auto-reload/configure-auto-reload.handler';
import { GetBillingController } from './get-billing/get-billing.http.controller';
import { GetBillingHandler } from './get-billing/get-billing.handler';
import { OpenAccountController } from './open-account/open-account.http.controller';
import { OpenAccountHandler } from './open-account/open-account.handler';
import { PreviewAutoReloadController } from './preview-auto-reload/preview-auto-reload.http.controller';
import { SettingsHistoryController } from './settings-history/settings-history.http.controller';
import { CreditForecastController } from './credit-forecast/credit-forecast.http.controller';
import { QuotePurchaseController } from './quote-purchase/quote-purchase.http.controller';
import { QuotePurchaseHandler } from './quote-purchase/quote-purchase.handler';
import { RecordCallController } from './record-call/record-call.http.controller';
import { RecordCallHandler } from './record-call/record-call.handler';
import { RecordCallEndsController } from './record-call-ends/record-call-ends.http.controller';
import { RecordCallEndsHandler } from './record-call-ends/record-call-ends.handler';
import { SetPaymentMethodController } from './set-payment-method/set-payment-method.http.controller';
import { SetPaymentMethodHandler } from './set-payment-method/set-payment-method.handler';
import { TimeZones } from './time-zones';

/** Accounts: one folder per use case (controller, command or query, handler, request DTO). */
@Module({
  imports: [CqrsModule, PaymentsModule],
  controllers: [
    OpenAccountController, ChangePlanController, SetPaymentMethodController, GetBillingController,
    RecordCallController, RecordCallEndsController, ConfigureAutoReloadController, PreviewAutoReloadController,
    // quote before :purchaseId, so that "quote" is never read as a purchase id
    QuotePurchaseController, BuyCreditsController, ListPurchasesController,
    BalanceAsOfController, AccountEventsController, LedgerController,
    ListAccountsController, ListReloadsController, ListCallsController, SettingsHistoryController, CreditForecastController,
  ],
  providers: [
    BillingSummaryService,
    OpenAccountHandler, ChangePlanHandler, SetPaymentMethodHandler, GetBillingHandler,
    RecordCallHandler, RecordCallEndsHandler, ConfigureAutoReloadHandler, QuotePurchaseHandler, BuyCreditsHandler, ListPurchasesHandler,
    BalanceAsOfHandler,
    // Read once at start-up: the database's zone names change only with its tzdata (a restart).
    { provide: TimeZones, useFactory: (pool: Pool, runtime: Runtime) => TimeZones.load(pool, runtime.logger), inject: [PG_POOL, RUNTIME] },
  ],
})
export class AccountsModule {}
