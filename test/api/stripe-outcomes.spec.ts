import Stripe from 'stripe';
import { JsonLogger } from '@billing/api/logging/json-logger';
import { Metrics } from '@billing/api/observability/metrics';
import { ProviderFaults } from '@billing/api/payments/provider-faults';
import { PaymentProviderHealth } from '@billing/api/payments/provider-health';
import { StripeGateway } from '@billing/api/payments/stripe-gateway';
import { backOffMs, classifyStripeError } from '@billing/api/payments/stripe-outcomes';
import { FakeStripe } from '../support/fake-stripe';

// Every class of Stripe answer, as the real SDK raises it from a real HTTP answer of the stand-in.
let fake: FakeStripe;
let client: Stripe;

beforeAll(async () => {
  fake = new FakeStripe();
  const url = new URL(await fake.start());
  client = new Stripe('sk_test_outcomes', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, timeout: 500 });
  fake.servePaymentIntents();
  // Answers chosen by payment method, as Stripe sends them.
  const errors: Record<string, { status: number; error: Record<string, unknown> }> = {
    pm_declined: { status: 402, error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', payment_intent: { id: 'pi_declined' } } },
    pm_3ds: { status: 402, error: { type: 'card_error', code: 'authentication_required', message: 'This payment requires authentication.', payment_intent: { id: 'pi_3ds' } } },
    pm_unactivated: { status: 400, error: { type: 'invalid_request_error', code: 'payment_method_unactivated', message: 'The payment method is not activated.' } },
    pm_reused_key: { status: 400, error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } },
    pm_customer_gone: { status: 404, error: { type: 'invalid_request_error', code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_deleted'" } },
    pm_bad_param: { status: 400, error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', message: 'Invalid integer: abc' } },
    pm_locked: { status: 409, error: { type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now.' } },
    pm_unavailable: { status: 503, error: { type: 'api_error', message: 'Service unavailable' } },
  };
  fake.on((r) => (r.path === '/v1/payment_intents' && errors[r.form.payment_method] ? { status: errors[r.form.payment_method].status, body: { error: errors[r.form.payment_method].error } } : undefined));
});
afterAll(async () => {
  await fake?.stop();
});

async function errorFor(paymentMethod: string): Promise<unknown> {
  try {
    await client.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: paymentMethod, confirm: true, off_session: true }, { idempotencyKey: `key-${paymentMethod}-${Math.random()}` });
  } catch (error) {
    return error;
  }
  throw new Error(`no error for ${paymentMethod}`);
}

const classify = async (paymentMethod: string) => {
  const { class: kind, code } = classifyStripeError(await errorFor(paymentMethod));
  return { class: kind, code };
};

describe('Stripe outcomes — one classification for every answer', () => {
  it('card errors (declines, authentication_required): the payment fails with the card\'s code', async () => {
    expect(await classify('pm_declined')).toEqual({ class: 'card', code: 'insufficient_funds' });
    expect(await classify('pm_3ds')).toEqual({ class: 'card', code: 'authentication_required' });
    expect(classifyStripeError(await errorFor('pm_declined')).paymentIntentId).toBe('pi_declined');
  });

  it('permanent errors for the account (resource_missing, payment_method_unactivated, a deleted customer, idempotency_error, other 4xx): Stripe\'s code', async () => {
    fake.fail({ paymentMethod: 'pm_removed' }, 'permanent');
    expect(await classify('pm_removed')).toEqual({ class: 'permanent', code: 'resource_missing' });
    expect(await classify('pm_unactivated')).toEqual({ class: 'permanent', code: 'payment_method_unactivated' });
    expect(await classify('pm_customer_gone')).toEqual({ class: 'permanent', code: 'resource_missing' });
    expect(await classify('pm_reused_key')).toEqual({ class: 'permanent', code: 'idempotency_error' });
    expect(await classify('pm_bad_param')).toEqual({ class: 'permanent', code: 'parameter_invalid_integer' });
  });

  it('transient errors (api_error, 5xx, 409 lock, rate_limit_error, timeouts, connection resets): asked again later', async () => {
    fake.fail({ paymentMethod: 'pm_500' }, 'server_error');
    fake.fail({ paymentMethod: 'pm_429' }, 'rate_limited');
    fake.fail({ paymentMethod: 'pm_hang' }, 'hang');
    fake.fail({ paymentMethod: 'pm_reset' }, 'reset');
    expect(await classify('pm_500')).toEqual({ class: 'transient', code: 'api_error' });
    expect(await classify('pm_unavailable')).toEqual({ class: 'transient', code: 'api_error' });
    expect(await classify('pm_locked')).toEqual({ class: 'transient', code: 'lock_timeout' });
    expect(await classify('pm_429')).toEqual({ class: 'transient', code: 'rate_limit' });
    expect(await classify('pm_hang')).toEqual({ class: 'transient', code: 'timeout' });
    expect(await classify('pm_reset')).toEqual({ class: 'transient', code: 'connection_error' });
    // Not an answer from Stripe at all (a bug of ours): never blamed on the account.
    expect(classifyStripeError(new TypeError('x is undefined')).class).toBe('transient');
  });

  it('systemic errors (our key refused: 401, permission_error 403): nobody\'s card', async () => {
    fake.fail({ paymentMethod: 'pm_wrong_key' }, 'wrong_key');
    fake.fail({ paymentMethod: 'pm_forbidden' }, 'permission');
    expect(await classify('pm_wrong_key')).toEqual({ class: 'systemic', code: 'authentication_error' });
    expect(await classify('pm_forbidden')).toEqual({ class: 'systemic', code: 'permission_error' });
  });

  it('the gateway turns each class into a charge outcome, counts provider errors by class and tells readiness about our key', async () => {
    const health = new PaymentProviderHealth();
    const metrics = new Metrics();
    const gateway = new StripeGateway(client, new ProviderFaults(health, metrics, new JsonLogger('error')), { requestTimeoutMs: 500 });
    const charge = (paymentMethodId: string) => gateway.chargeOffSession({ accountId: 'a', reloadId: `r-${paymentMethodId}`, amount: { amount: 100, currency: 'usd' }, stripeCustomerId: null, paymentMethodId });
    expect(await charge('pm_declined')).toEqual({ status: 'failed', code: 'insufficient_funds', paymentReference: 'pi_declined', fault: 'card' });
    expect(await charge('pm_removed')).toEqual({ status: 'failed', code: 'resource_missing', paymentReference: null, fault: 'permanent' });
    expect(await charge('pm_500')).toMatchObject({ status: 'unanswered', fault: 'transient', code: 'api_error' });
    expect(health.report().status).toBe('up');
    expect(await charge('pm_wrong_key')).toMatchObject({ status: 'unanswered', fault: 'systemic', code: 'authentication_error' });
    expect(health.report()).toMatchObject({ status: 'down', lastError: expect.stringContaining('Invalid API Key') });
    expect(await charge('pm_card_visa')).toEqual({ status: 'succeeded', paymentReference: expect.stringMatching(/^pi_/) });
    expect(health.report().status).toBe('up');
    const text = await metrics.registry.metrics();
    for (const kind of ['card', 'permanent', 'transient', 'systemic']) expect(text).toContain(`billing_payment_provider_errors_total{class="${kind}",operation="charge"} 1`);
  });
});

describe('Stripe outcomes — back-off and the log of an outage', () => {
  it('full jitter: each delay is drawn from [0, min(cap, base · 2^attempt))', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => backOffMs(attempt, 100, 1_000, () => 0.999_999))).toEqual([99, 199, 399, 799, 999]);
    expect(backOffMs(5, 100, 1_000, () => 0)).toBe(0);
    expect(backOffMs(1_000, 100, 60_000, () => 0.5)).toBe(30_000); // no overflow for a long outage
  });

  it('one log line per class and interval, however many charges fail alike; the next line says how many', () => {
    const lines: Array<Record<string, unknown>> = [];
    let now = 0;
    const faults = new ProviderFaults(new PaymentProviderHealth(), new Metrics(), new JsonLogger('debug', (l) => lines.push(JSON.parse(l))), 60_000, () => now);
    const systemic = { class: 'systemic' as const, code: 'authentication_error', message: 'Invalid API Key', paymentIntentId: null };
    for (let i = 0; i < 50; i += 1) faults.fault(systemic, 'charge');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', class: 'systemic', similarSinceLastLine: 0 });
    now = 60_000;
    faults.fault(systemic, 'charge');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ similarSinceLastLine: 49 });
  });
});
