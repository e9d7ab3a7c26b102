import { accountStreamName } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';
import { FakeStripe } from '../support/fake-stripe';
import { until } from '../support/eventually';

// Off-session auto-reload charges through the real Stripe SDK against a local Stripe stand-in.
let stripe: FakeStripe;
let stripeUrl: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const intents = new Map<string, string>(); // idempotency key → PaymentIntent id, as Stripe keeps them

beforeAll(async () => {
  stripe = new FakeStripe();
  stripeUrl = await stripe.start();
  stripe.on((r) => {
    if (r.method !== 'POST' || r.path !== '/v1/payment_intents') return undefined;
    const key = String(r.headers['idempotency-key']);
    const id = intents.get(key) ?? `pi_${intents.size + 1}`;
    intents.set(key, id);
    if (r.form.payment_method === 'pm_card_chargeDeclinedInsufficientFunds') {
      return { status: 402, body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', payment_intent: { id } } } };
    }
    const processing = r.form.payment_method.startsWith('pm_bank_');
    if (processing) settlements.set(id, { card: r.form.payment_method, looks: 0 });
    return { body: { id, object: 'payment_intent', status: processing ? 'processing' : 'succeeded', amount: Number(r.form.amount), currency: r.form.currency } };
  });
  // A bank debit stays processing for two looks, then settles: paid, or refused (pm_bank_closed).
  stripe.on((r) => {
    const id = /^\/v1\/payment_intents\/([^/]+)$/.exec(r.path)?.[1];
    const settlement = id ? settlements.get(id) : undefined;
    if (r.method !== 'GET' || !id || !settlement) return undefined;
    settlement.looks += 1;
    // pm_bank_flaky: Stripe answers the first look with a 500, then processing twice, then paid (4 looks).
    if (settlement.card === 'pm_bank_flaky' && settlement.looks === 1) return { status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } };
    if (settlement.looks <= (settlement.card === 'pm_bank_flaky' ? 3 : 2)) return { body: { id, object: 'payment_intent', status: 'processing' } };
    return settlement.card === 'pm_bank_closed'
      ? { body: { id, object: 'payment_intent', status: 'requires_payment_method', last_payment_error: { code: 'bank_account_unusable' } } }
      : { body: { id, object: 'payment_intent', status: 'succeeded' } };
  });
});
const settlements = new Map<string, { card: string; looks: number }>(); // PaymentIntents left processing
afterAll(async () => {
  await stripe?.stop();
});

const env = () => ({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: 'whsec_test', STRIPE_API_URL: stripeUrl });

async function setUp(api: TestApi, account: string, card: string) {
  const service = await api.token('service');
  const admin = await api.token('admin', account);
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: account, plan: 'pro', stripeCustomerId: 'cus_Reload1' }).expect(201);
  await api.http().put(`/v1/accounts/${account}/payment-method`).set(bearer(service)).send({ paymentMethodId: card }).expect(200);
  await api.http().put(`/v1/accounts/${account}/auto-reload`).set(bearer(admin)).send({ enabled: true }).expect(200);
  const call = (callId: string) => api.http().post(`/v1/accounts/${account}/calls`).set(bearer(service))
    .send({ callId, durationSeconds: 60, endedAt: new Date().toISOString() }).expect(201);
  return { call, events: () => api.runtime.eventStore.readStream(accountStreamName(account)) };
}

describe('off-session auto-reload charges', () => {
  it('charges the card on file once, with the reload id as idempotency key, at the manual rate', async () => {
    const api = await startTestApi(env());
    try {
      const { call, events } = await setUp(api, 'acc_pi_ok', 'pm_card_visa');
      await call('call_1');
      await until('the reload credited', async () => (await events()).some((e) => e.type === 'CreditsPurchased'));
      const charges = stripe.requests.filter((r) => r.path === '/v1/payment_intents' && r.form['metadata[accountId]'] === 'acc_pi_ok');
      expect(charges).toHaveLength(1);
      // Pro: $0.18/min × one block of 100 minutes.
      expect(charges[0].form).toEqual({
        amount: '1800', currency: 'usd', customer: 'cus_Reload1', payment_method: 'pm_card_visa', off_session: 'true', confirm: 'true',
        'metadata[accountId]': 'acc_pi_ok', 'metadata[reloadId]': 'reload-call_1',
      });
      expect(charges[0].headers['idempotency-key']).toBe('reload-call_1');
      const purchased = (await events()).find((e) => e.type === 'CreditsPurchased');
      expect(purchased?.data).toMatchObject({ source: 'auto_reload', paymentReference: intents.get('reload-call_1') });
    } finally {
      await api.close();
    }
  });

  it('a charge Stripe leaves processing is looked at again until it settles, without a webhook and never charged twice', async () => {
    const api = await startTestApi({ ...env(), AUTO_RELOAD_RETRY_BASE_MS: '10' });
    try {
      const paid = await setUp(api, 'acc_pi_bank', 'pm_bank_ok');
      await paid.call('bank_1');
      const refused = await setUp(api, 'acc_pi_bank_closed', 'pm_bank_closed');
      await refused.call('bank_2');
      const flaky = await setUp(api, 'acc_pi_bank_flaky', 'pm_bank_flaky');
      await flaky.call('bank_3');
      await until('the processing charge credited', async () => (await paid.events()).some((e) => e.type === 'CreditsPurchased'), 20_000);
      await until('the refused debit recorded', async () => (await refused.events()).some((e) => e.type === 'AutoReloadFailed'), 20_000);
      await until('the charge whose look met a 500 credited', async () => (await flaky.events()).some((e) => e.type === 'CreditsPurchased'), 20_000);
      for (const [key, looks] of [['reload-bank_1', 3], ['reload-bank_2', 3], ['reload-bank_3', 4]] as const) {
        expect(stripe.chargesWithKey(key)).toHaveLength(1); // created once, then only read
        expect(stripe.requests.filter((r) => r.method === 'GET' && r.path === `/v1/payment_intents/${intents.get(key)}`)).toHaveLength(looks);
      }
      expect((await flaky.events()).filter((e) => e.type === 'AutoReloadFailed')).toHaveLength(0); // a 500 on a look blames nobody
      const purchased = (await paid.events()).filter((e) => e.type === 'CreditsPurchased');
      expect(purchased.map((e) => e.data.paymentReference)).toEqual([intents.get('reload-bank_1')]);
      expect((await refused.events()).filter((e) => e.type === 'AutoReloadFailed').map((e) => e.data.reasonCode)).toEqual(['bank_account_unusable']);
      expect((await api.runtime.pool.query('SELECT count(*)::int AS n FROM auto_reload_charges')).rows[0].n).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('records the decline code, and after 3 failures in a row turns auto-reload off with the reason', async () => {
    const api = await startTestApi(env());
    try {
      const { call, events } = await setUp(api, 'acc_pi_declined', 'pm_card_chargeDeclinedInsufficientFunds');
      for (const [n, callId] of ['d1', 'd2', 'd3'].entries()) {
        expect((await call(callId)).body.autoReload.outcome).toBe('triggered');
        await until(`failure ${n + 1} recorded`, async () => (await events()).filter((e) => e.type === 'AutoReloadFailed').length === n + 1);
      }
      const all = await events();
      expect(all.filter((e) => e.type === 'AutoReloadFailed').map((e) => e.data.reasonCode)).toEqual(['insufficient_funds', 'insufficient_funds', 'insufficient_funds']);
      expect(all.filter((e) => e.type === 'AutoReloadDisabled').map((e) => e.data.reason)).toEqual(['payment_failed']);
      expect(all.filter((e) => e.type === 'CreditsPurchased')).toHaveLength(0);
      expect((await call('d4')).body.autoReload).toEqual({ outcome: 'not_triggered', reason: 'disabled', reloadId: null });
    } finally {
      await api.close();
    }
  });

  it('after a crash between charging and recording, the next owner asks again with the same key and is not charged twice', async () => {
    // The first instance triggers the reload but its payment process never records the charge (it
    // "crashed" after Stripe took it: we make that charge here, with the key the process uses).
    const first = await startTestApi({ ...env(), PAYMENT_PROCESS_ENABLED: 'false' });
    const { call, events } = await setUp(first, 'acc_pi_crash', 'pm_card_visa');
    await call('crash_1');
    const key = 'reload-crash_1';
    await fetch(`${stripeUrl}/v1/payment_intents`, {
      method: 'POST', headers: { 'Idempotency-Key': key, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=1800&currency=usd&payment_method=pm_card_visa&metadata[accountId]=acc_pi_crash&metadata[reloadId]=reload-crash_1',
    });
    // A second instance on the same database takes over the process from its checkpoint.
    const takeover = await startTestApi(env(), first);
    try {
      await until('the reload credited', async () => (await events()).some((e) => e.type === 'CreditsPurchased'));
      const sameKey = stripe.requests.filter((r) => r.path === '/v1/payment_intents' && r.headers['idempotency-key'] === key);
      expect(sameKey).toHaveLength(2); // asked twice...
      const purchased = (await events()).filter((e) => e.type === 'CreditsPurchased');
      expect(purchased).toHaveLength(1); // ...credited once, with the one PaymentIntent Stripe made
      expect(purchased[0].data.paymentReference).toBe(intents.get(key));
    } finally {
      await takeover.close();
      await first.close();
    }
  });
});
