import type { ChargeOutcome, CheckoutRequest, CheckoutSession, OffSessionCharge, PaymentGateway } from './payment-gateway';

export const SANDBOX_SESSION_PREFIX = 'cs_sandbox_';

/**
 * No Stripe key configured (development): checkout goes to our own sandbox page, whose Pay button
 * runs the same fulfilment as Stripe's webhook; off-session reloads succeed at once.
 */
export class SandboxGateway implements PaymentGateway {
  readonly kind = 'sandbox' as const;

  constructor(private readonly publicUrl: string) {}

  async createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession> {
    // Account ids never contain '.', so it separates the two unambiguously.
    const id = `${SANDBOX_SESSION_PREFIX}${request.accountId}.${request.purchaseId}`;
    return { id, url: `${this.publicUrl}/v1/sandbox/checkout/${encodeURIComponent(id)}` };
  }

  async chargeOffSession(charge: OffSessionCharge): Promise<ChargeOutcome> {
    return { status: 'succeeded', paymentReference: `pi_sandbox_${charge.reloadId}` };
  }

  /** The sandbox never leaves a charge processing. */
  async chargeStatus(paymentReference: string): Promise<ChargeOutcome> {
    return { status: 'succeeded', paymentReference };
  }
}

export function parseSandboxSession(id: string): { accountId: string; purchaseId: string } | undefined {
  if (!id.startsWith(SANDBOX_SESSION_PREFIX)) return undefined;
  const rest = id.slice(SANDBOX_SESSION_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  return { accountId: rest.slice(0, dot), purchaseId: rest.slice(dot + 1) };
}
