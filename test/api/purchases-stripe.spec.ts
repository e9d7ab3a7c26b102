import Stripe from 'stripe';
import { accountStreamName } from '@billing/domain';
import { PaymentProviderHealth } from '@billing/api/payments/provider-health';
import { startTestApi, type TestApi } from '../support/api';
import { FakeStripe } from '../support/fake-stripe';

// The real Stripe SDK against a local stand-in for Stripe's API; webhooks signed as Stripe signs them.
const WEBHOOK_SECRET = 'whsec_test_secret_for_signatures';
const signer = new Stripe('sk_test_signer');
let api: TestApi;
let stripe: FakeStripe;
let service: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  stripe = new FakeStripe();
  const url = await stripe.start();
  stripe.on((r) => (r.method === 'POST' && r.path === '/v1/checkout/sessions'
    ? { body: { id: `cs_test_${r.form.client_reference_id}`, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/cs_test_${r.form.client_reference_id}` } }
    : undefined));
  stripe.on((r) => (r.method === 'GET' && r.path.startsWith('/v1/payment_intents/')
    ? { body: { id: r.path.split('/').pop(), object: 'payment_intent', payment_method: 'pm_saved_by_checkout' } }
    : undefined));
  api = await startTestApi({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: url, PUBLIC_URL: 'https://billing.example.test', STRIPE_REQUEST_TIMEOUT_MS: '1000' });
  service = await api.token('service');
});
afterAll(async () => {
  await api?.close();
  await stripe?.stop();
});

function webhook(event: object, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });
  return api.http().post('/v1/webhooks/stripe').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload);
}

function sessionEvent(type: string, accountId: string, purchaseId: string, amount: number, paymentStatus = 'paid') {
  return {
    id: `evt_${type}_${purchaseId}_${amount}`, object: 'event', type, api_version: '2025-01-27', created: Math.floor(Date.now() / 1000),
    data: { object: { id: `cs_test_${purchaseId}`, object: 'checkout.session', client_reference_id: purchaseId, metadata: { accountId, purchaseId },
      payment_status: paymentStatus, amount_total: amount, currency: 'usd', payment_intent: `pi_${purchaseId}` } },
  };
}

async function startPurchase(accountId: string, blocks: number) {
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'free', stripeCustomerId: 'cus_Test123' }).expect(201);
  const admin = await api.token('admin', accountId);
  const response = await api.http().post(`/v1/accounts/${accountId}/credit-purchases`).set(bearer(admin)).send({ blocks }).expect(201);
  return { admin, purchaseId: response.body.purchaseId as string, body: response.body };
}

const balanceMinutes = async (accountId: string, token: string) =>
  (await api.http().get(`/v1/accounts/${accountId}/billing`).set(bearer(token)).expect(200)).body.credits.balanceMinutes;

describe('Stripe Checkout', () => {
  it('creates the Checkout Session with exactly the parameters the purchase fixed', async () => {
    const { purchaseId, body } = await startPurchase('acc_stripe_1', 3);
    expect(body.checkoutUrl).toBe(`https://checkout.stripe.com/c/pay/cs_test_${purchaseId}`);
    const request = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.form.client_reference_id === purchaseId);
    expect(request?.headers['idempotency-key']).toBe(`checkout-${purchaseId}`);
    expect(request?.headers.authorization).toBe('Bearer sk_test_fake');
    expect(request?.form).toEqual({
      mode: 'payment',
      customer: 'cus_Test123',
      client_reference_id: purchaseId,
      'line_items[0][quantity]': '300',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '28',
      'line_items[0][price_data][product_data][name]': 'Call credit minutes',
      'payment_intent_data[setup_future_usage]': 'off_session',
      'payment_intent_data[metadata][accountId]': 'acc_stripe_1',
      'payment_intent_data[metadata][purchaseId]': purchaseId,
      'metadata[accountId]': 'acc_stripe_1',
      'metadata[purchaseId]': purchaseId,
      success_url: `https://billing.example.test/#/accounts/acc_stripe_1/billing?purchase=success&purchaseId=${purchaseId}`,
      cancel_url: `https://billing.example.test/#/accounts/acc_stripe_1/billing?purchase=cancelled&purchaseId=${purchaseId}`,
    });
  });

  it('credits a purchase once however often, and in whatever order, its webhooks arrive; the saved card goes on file', async () => {
    const { admin, purchaseId } = await startPurchase('acc_stripe_2', 2);
    const completed = sessionEvent('checkout.session.completed', 'acc_stripe_2', purchaseId, 5600);
    const expired = sessionEvent('checkout.session.expired', 'acc_stripe_2', purchaseId, 5600, 'unpaid');
    const deliveries = [completed, expired, completed, completed, expired, completed, completed];
    for (const event of deliveries) {
      const response = await webhook(event).expect(200);
      expect(response.body.received).toBe(true);
    }
    expect(await balanceMinutes('acc_stripe_2', admin)).toBe(200);
    const events = await api.runtime.eventStore.readStream(accountStreamName('acc_stripe_2'));
    expect(events.filter((e) => e.type === 'CreditsPurchased')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'CreditPurchaseFailed')).toHaveLength(0);
    expect(events.find((e) => e.type === 'PaymentMethodOnFileSet')?.data.paymentMethodId).toBe('pm_saved_by_checkout');
  });

  it('does not credit an unpaid session, or one whose amount differs from the price', async () => {
    const { admin, purchaseId } = await startPurchase('acc_stripe_3', 1);
    await webhook(sessionEvent('checkout.session.completed', 'acc_stripe_3', purchaseId, 2800, 'unpaid')).expect(200);
    const wrong = await webhook(sessionEvent('checkout.session.completed', 'acc_stripe_3', purchaseId, 100)).expect(200);
    expect(wrong.body).toMatchObject({ outcome: 'ignored', code: 'PURCHASE.AMOUNT_MISMATCH' });
    expect(await balanceMinutes('acc_stripe_3', admin)).toBe(0);
    await webhook(sessionEvent('checkout.session.async_payment_succeeded', 'acc_stripe_3', purchaseId, 2800)).expect(200);
    expect(await balanceMinutes('acc_stripe_3', admin)).toBe(100);
  });

  it('refuses a bad signature, another secret, an old timestamp or none, recording nothing', async () => {
    const { admin, purchaseId } = await startPurchase('acc_stripe_4', 1);
    const event = sessionEvent('checkout.session.completed', 'acc_stripe_4', purchaseId, 2800);
    const before = (await api.runtime.eventStore.readStream(accountStreamName('acc_stripe_4'))).length;
    expect((await webhook(event, { secret: 'whsec_someone_else' }).expect(400)).body.code).toBe('WEBHOOK.INVALID_SIGNATURE');
    await webhook(event, { timestamp: Math.floor(Date.now() / 1000) - 400 }).expect(400);
    await api.http().post('/v1/webhooks/stripe').set('Content-Type', 'application/json').send(JSON.stringify(event)).expect(400);
    const payload = JSON.stringify(event);
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const tampered = payload.replace('"amount_total":2800', '"amount_total":2801');
    await api.http().post('/v1/webhooks/stripe').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(tampered).expect(400);
    expect(await api.runtime.eventStore.readStream(accountStreamName('acc_stripe_4'))).toHaveLength(before);
    expect(await balanceMinutes('acc_stripe_4', admin)).toBe(0);
    const metrics = (await api.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/billing_stripe_webhooks_total\{type="unknown",result="rejected"\} [1-9]/);
    expect(metrics).toMatch(/billing_stripe_webhooks_total\{type="checkout.session.completed",result="recorded"\} [1-9]/);
  });
});

describe('Stripe Checkout that fails', () => {
  async function openAccount(accountId: string) {
    await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'free', stripeCustomerId: `cus_${accountId}` }).expect(201);
    const admin = await api.token('admin', accountId);
    return { admin, buy: (key?: string) => {
      const request = api.http().post(`/v1/accounts/${accountId}/credit-purchases`).set(bearer(admin));
      return (key ? request.set('Idempotency-Key', key) : request).send({ blocks: 1 });
    } };
  }
  const sessionRequests = (accountId: string) => stripe.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.form.customer === `cus_${accountId}`);
  const events = (accountId: string) => api.runtime.eventStore.readStream(accountStreamName(accountId));

  it('Stripe answers 500: 502 problem PAYMENT_PROVIDER.ERROR; the same Idempotency-Key then finishes the same purchase, one session key', async () => {
    const { buy } = await openAccount('acc_checkout_500');
    const fault = stripe.fail({ customer: 'cus_acc_checkout_500' }, 'server_error');
    const failed = await buy('try-1').expect(502);
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.body).toMatchObject({ status: 502, code: 'PAYMENT_PROVIDER.ERROR' });
    expect(failed.body.detail).toContain('Nothing was charged');
    fault.clear();
    const retried = await buy('try-1').expect(201);
    expect(retried.body.checkoutUrl).toBe(`https://checkout.stripe.com/c/pay/cs_test_${retried.body.purchaseId}`);
    const all = await events('acc_checkout_500');
    expect(all.filter((e) => e.type === 'CreditPurchaseStarted')).toHaveLength(1);
    expect(all.filter((e) => e.type === 'CreditPurchaseFailed')).toHaveLength(0);
    // One purchase, one Stripe idempotency key: Stripe can only ever open one session for it.
    expect(new Set(sessionRequests('acc_checkout_500').map((r) => r.headers['idempotency-key']))).toEqual(new Set([`checkout-${retried.body.purchaseId}`]));
  });

  it('our key refused (401): 503 PAYMENT_PROVIDER.UNAVAILABLE, readiness down; the purchase is closed and a new request succeeds once the key works', async () => {
    const { buy } = await openAccount('acc_checkout_401');
    const fault = stripe.fail({ customer: 'cus_acc_checkout_401' }, 'wrong_key');
    const failed = await buy().expect(503);
    expect(failed.body).toMatchObject({ code: 'PAYMENT_PROVIDER.UNAVAILABLE' });
    expect(failed.headers['retry-after']).toBe('30');
    expect(api.app.get(PaymentProviderHealth).report().status).toBe('down');
    fault.clear();
    const retried = await buy().expect(201);
    expect(api.app.get(PaymentProviderHealth).report().status).toBe('up');
    const all = await events('acc_checkout_401');
    expect(all.filter((e) => e.type === 'CreditPurchaseStarted')).toHaveLength(2);
    // The abandoned purchase can never be paid (nobody got its URL): recorded as failed, not left pending.
    expect(all.filter((e) => e.type === 'CreditPurchaseFailed').map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'payment_failed', failureCode: 'checkout_systemic' }),
    ]);
    expect(all.find((e) => e.type === 'CreditPurchaseFailed')?.data.purchaseId).not.toBe(retried.body.purchaseId);
  });

  it('connection reset or no answer: 503 PAYMENT_PROVIDER.UNREACHABLE; rate limited: 502; a later retry succeeds', async () => {
    const { buy } = await openAccount('acc_checkout_net');
    const reset = stripe.fail({ customer: 'cus_acc_checkout_net' }, 'reset');
    expect((await buy('net-1').expect(503)).body).toMatchObject({ code: 'PAYMENT_PROVIDER.UNREACHABLE' });
    reset.clear();
    const hang = stripe.fail({ customer: 'cus_acc_checkout_net' }, 'hang');
    expect((await buy('net-1').expect(503)).body.detail).toContain('(timeout)');
    hang.clear();
    const limited = stripe.fail({ customer: 'cus_acc_checkout_net' }, 'rate_limited');
    expect((await buy('net-1').expect(502)).body).toMatchObject({ code: 'PAYMENT_PROVIDER.ERROR' });
    limited.clear();
    const ok = await buy('net-1').expect(201);
    expect((await events('acc_checkout_net')).filter((e) => e.type === 'CreditPurchaseStarted').map((e) => e.data.purchaseId)).toEqual([ok.body.purchaseId]);
    const metrics = (await api.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/billing_payment_provider_errors_total\{class="transient",operation="checkout"\} [1-9]/);
  });
});
