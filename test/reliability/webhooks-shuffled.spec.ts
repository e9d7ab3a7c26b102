import Stripe from 'stripe';
import { accountStreamName } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';
import { FakeStripe } from '../support/fake-stripe';

// Every Stripe webhook of a scenario (purchases paid, failed, expired; reloads paid and declined)
// delivered 5 times, all shuffled together: each purchase and reload is settled exactly once.
const SECRET = 'whsec_shuffled_deliveries';
const signer = new Stripe('sk_test_signer');
let api: TestApi;
let stripe: FakeStripe;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  stripe = new FakeStripe();
  const url = await stripe.start();
  stripe.on((r) => (r.path === '/v1/checkout/sessions' ? { body: { id: `cs_${r.form.client_reference_id}`, url: 'https://checkout.stripe.com/c/pay/x' } } : undefined));
  stripe.on((r) => (r.method === 'GET' && r.path.startsWith('/v1/payment_intents/') ? { body: { id: 'pi', payment_method: 'pm_saved' } } : undefined));
  // Off-session charges stay "processing": the webhooks below settle them.
  stripe.on((r) => (r.method === 'POST' && r.path === '/v1/payment_intents' ? { body: { id: `pi_${r.form['metadata[reloadId]']}`, status: 'processing' } } : undefined));
  api = await startTestApi({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_URL: url });
});
afterAll(async () => {
  await api?.close();
  await stripe?.stop();
});

function deliver(event: object) {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET });
  return api.http().post('/v1/webhooks/stripe').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload);
}

const session = (type: string, accountId: string, purchaseId: string, amount: number, paid: boolean) => ({
  id: `evt_${type}_${purchaseId}`, type, data: { object: { id: `cs_${purchaseId}`, object: 'checkout.session', client_reference_id: purchaseId,
    metadata: { accountId, purchaseId }, payment_status: paid ? 'paid' : 'unpaid', amount_total: amount, currency: 'usd', payment_intent: `pi_${purchaseId}` } },
});
const intent = (type: string, accountId: string, reloadId: string, decline?: string) => ({
  id: `evt_${type}_${reloadId}`, type, data: { object: { id: `pi_${reloadId}`, object: 'payment_intent', metadata: { accountId, reloadId },
    ...(decline ? { last_payment_error: { code: 'card_declined', decline_code: decline } } : {}) } },
});

it('settles each purchase and reload once when every webhook arrives five times in shuffled order', async () => {
  const service = await api.token('service');
  const account = 'acc_shuffle';
  const admin = await api.token('admin', account);
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: account, plan: 'pro', stripeCustomerId: 'cus_Shuffle' }).expect(201);
  const buy = async (blocks: number) => (await api.http().post(`/v1/accounts/${account}/credit-purchases`).set(bearer(admin)).send({ blocks }).expect(201)).body.purchaseId as string;
  const [paid, asyncPaid, failed, expired] = [await buy(1), await buy(2), await buy(3), await buy(4)];
  await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card_visa' }).expect(200);
  await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true }).expect(200);
  // Two reloads in turn: the first is paid by webhook before the second can be triggered.
  await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'r1', durationSeconds: 60, endedAt: new Date().toISOString() }).expect(201);

  const rate = 18; // Pro, cents per minute
  const scenario = [
    session('checkout.session.completed', account, paid, 100 * rate, true),
    session('checkout.session.completed', account, asyncPaid, 200 * rate, false),
    session('checkout.session.async_payment_succeeded', account, asyncPaid, 200 * rate, true),
    session('checkout.session.async_payment_failed', account, failed, 300 * rate, false),
    session('checkout.session.expired', account, expired, 400 * rate, false),
    intent('payment_intent.succeeded', account, 'reload-r1'),
  ];
  const deliveries = scenario.flatMap((event) => Array.from({ length: 5 }, () => event));
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
  }
  for (const event of deliveries) expect((await deliver(event)).status).toBe(200);

  // A long call uses the 1,999 included minutes left and 395 of the 400 credit minutes: below the
  // threshold, a second reload; it is declined, and its failure delivered five times counts once.
  const r2 = await api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service)).send({ callId: 'r2', durationSeconds: (1_999 + 395) * 60, endedAt: new Date().toISOString() }).expect(201);
  expect(r2.body.autoReload.outcome).toBe('triggered');
  for (let i = 0; i < 5; i++) expect((await deliver(intent('payment_intent.payment_failed', account, 'reload-r2', 'insufficient_funds'))).status).toBe(200);

  const events = await api.runtime.eventStore.readStream(accountStreamName(account));
  const purchased = events.filter((e) => e.type === 'CreditsPurchased').map((e) => e.data.purchaseId).sort();
  expect(purchased).toEqual([asyncPaid, paid, 'reload-r1'].sort());
  expect(events.filter((e) => e.type === 'CreditPurchaseFailed').map((e) => [e.data.purchaseId, e.data.reason]).sort())
    .toEqual([[expired, 'expired'], [failed, 'payment_failed']].sort());
  expect(events.filter((e) => e.type === 'AutoReloadFailed').map((e) => e.data.reloadId)).toEqual(['reload-r2']);
  const billing = await api.http().get(`/v1/accounts/${account}/billing`).set(bearer(admin)).expect(200);
  // 100 + 200 bought and 100 reloaded, 395 used by the long call; the declined reload added nothing.
  expect(billing.body.credits.balanceMinutes).toBe(5);
}, 60_000);
