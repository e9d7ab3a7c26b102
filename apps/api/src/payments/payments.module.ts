import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import Stripe from 'stripe';
import type { Runtime } from '../infrastructure/runtime';
import { RUNTIME } from '../infrastructure/tokens';
import { AutoReloadProcess } from './auto-reload/auto-reload.process';
import { PAYMENT_GATEWAY } from './payment-gateway';
import { PaymentOutcomes } from './payment-outcomes';
import { ProviderFaults } from './provider-faults';
import { PaymentProviderHealth } from './provider-health';
import { Metrics } from '../observability/metrics';
import { SandboxCheckoutController } from './sandbox/sandbox-checkout.http.controller';
import { SandboxGateway } from './sandbox-gateway';
import { createStripeClient } from './stripe-client';
import { StripeGateway } from './stripe-gateway';
import { StripeWebhookController } from './stripe-webhook.http.controller';
import { StripeReversals } from './stripe-reversals';
import { STRIPE_CLIENT } from './payments.tokens';

/** Stripe when STRIPE_SECRET_KEY is set; otherwise the sandbox (development only). */
@Module({
  imports: [CqrsModule],
  controllers: [StripeWebhookController, SandboxCheckoutController],
  providers: [
    PaymentOutcomes,
    StripeReversals,
    AutoReloadProcess,
    {
      provide: STRIPE_CLIENT,
      inject: [RUNTIME],
      // Without a key, a key-less client still verifies webhook signatures (it never calls Stripe).
      useFactory: (runtime: Runtime) => createStripeClient(runtime.config.stripe.secretKey ?? 'sk_test_sandbox', runtime.config.stripe.apiUrl),
    },
    {
      provide: ProviderFaults,
      inject: [PaymentProviderHealth, Metrics, RUNTIME],
      useFactory: (health: PaymentProviderHealth, metrics: Metrics, runtime: Runtime) => new ProviderFaults(health, metrics, runtime.logger),
    },
    {
      provide: PAYMENT_GATEWAY,
      inject: [RUNTIME, STRIPE_CLIENT, ProviderFaults],
      useFactory: (runtime: Runtime, stripe: Stripe, faults: ProviderFaults) =>
        runtime.config.stripe.secretKey
          ? new StripeGateway(stripe, faults, { requestTimeoutMs: runtime.config.stripe.requestTimeoutMs })
          : new SandboxGateway(runtime.config.publicUrl),
    },
  ],
  exports: [PAYMENT_GATEWAY, PaymentOutcomes, STRIPE_CLIENT],
})
export class PaymentsModule {}
