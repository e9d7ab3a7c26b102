import { accountStreamName } from '@billing/domain';
import type { RecordedEvent } from '@billing/event-store';
import { PaymentProviderHealth } from '@billing/api/payments/provider-health';
import { startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { FakeStripe } from '../support/fake-stripe';
import { until } from '../support/eventually';

// Auto-reload charges are bulkheaded: one account's broken card, a flaky or hung Stripe answer, or our
// own wrong key never holds another account's reload, and nothing is charged twice. The real service
// (in process) and the real Stripe SDK against a local stand-in that fails on purpose.
let stripe: FakeStripe;
let stripeUrl: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  stripe = new FakeStripe();
  stripeUrl = await stripe.start();
  stripe.servePaymentIntents();
});
afterAll(async () => {
  await stripe?.stop();
});

const env = (extra: Record<string, string> = {}) => ({
  STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: 'whsec_test', STRIPE_API_URL: stripeUrl,
  AUTO_RELOAD_RETRY_BASE_MS: '100', STRIPE_REQUEST_TIMEOUT_MS: '1000', ...extra,
});

/** Opens a Pro account with auto-reload on and the card `card`; `trigger()` ends a call that triggers its reload. */
async function account(api: TestApi, accountId: string, card: string) {
  const service = await api.token('service');
  const admin = await api.token('admin', accountId);
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'pro', stripeCustomerId: `cus_${accountId}` }).expect(201);
  await api.http().put(`/v1/accounts/${accountId}/payment-method`).set(bearer(service)).send({ paymentMethodId: card }).expect(200);
  await api.http().put(`/v1/accounts/${accountId}/auto-reload`).set(bearer(admin)).send({ enabled: true }).expect(200);
  return {
    accountId,
    reloadId: `reload-${accountId}-call`,
    trigger: async () => {
      const response = await api.http().post(`/v1/accounts/${accountId}/calls`).set(bearer(service))
        .send({ callId: `${accountId}-call`, durationSeconds: 60, endedAt: new Date().toISOString() }).expect(201);
      expect(response.body.autoReload.outcome).toBe('triggered');
    },
    events: (): Promise<RecordedEvent[]> => api.runtime.eventStore.readStream(accountStreamName(accountId)),
    billing: async () => (await api.http().get(`/v1/accounts/${accountId}/billing`).set(bearer(admin)).expect(200)).body,
  };
}
type Account = Awaited<ReturnType<typeof account>>;

const count = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type).length;
const paid = async (a: Account) => count(await a.events(), 'CreditsPurchased') > 0;
const failed = async (a: Account) => (await a.events()).find((e) => e.type === 'AutoReloadFailed');

const all = async (accounts: Account[], check: (a: Account) => Promise<boolean>) => (await Promise.all(accounts.map(check))).every(Boolean);

describe('auto-reload bulkheads', () => {
  it('50 accounts reloading while one card was removed and one charge keeps failing with a 500: every healthy reload paid meanwhile, each once', async () => {
    const api = await startTestApi(env());
    try {
      const removed = await account(api, 'bulk_removed', 'pm_removed');
      const flaky = await account(api, 'bulk_flaky', 'pm_flaky');
      const healthy: Account[] = [];
      for (let i = 0; i < 48; i += 1) healthy.push(await account(api, `bulk_${i}`, 'pm_card_visa'));
      stripe.fail({ paymentMethod: 'pm_removed' }, 'permanent');
      const flakyFault = stripe.fail({ paymentMethod: 'pm_flaky' }, 'server_error'); // until cleared below
      // The broken ones first: in a queue processed in order they would hold everyone behind them.
      await removed.trigger();
      await flaky.trigger();
      await Promise.all(healthy.map((a) => a.trigger()));
      // No deadline to beat (a loaded machine is slow, not wrong): the flaky charge is still failing, so
      // every healthy reload paid now was paid without waiting for it.
      await until('every healthy reload paid', () => all(healthy, paid), 30_000);
      expect(await paid(flaky)).toBe(false);
      expect(flakyFault.hits).toBeGreaterThanOrEqual(1);
      for (const a of healthy) {
        expect(stripe.chargesWithKey(a.reloadId)).toHaveLength(1);
        expect(count(await a.events(), 'CreditsPurchased')).toBe(1);
      }
      await until('the removed card failed', async () => (await failed(removed)) !== undefined, 5_000);
      expect((await failed(removed))?.data).toMatchObject({ reasonCode: 'resource_missing', consecutiveFailures: 1 });
      expect(stripe.chargesWithKey(removed.reloadId)).toHaveLength(1); // a permanent error is not asked again
      expect((await removed.billing()).autoReload).toMatchObject({ enabled: true, notice: { code: 'reload_failed', action: 'update_payment_method' } });
      expect((await removed.billing()).autoReload.notice.message).toContain('the card on file no longer exists');
      await until('the flaky charge asked again after a 500', () => flakyFault.hits >= 2, 10_000);
      flakyFault.clear();
      await until('the flaky charge paid after its retries', () => paid(flaky), 10_000);
      expect(stripe.chargesWithKey(flaky.reloadId)).toHaveLength(flakyFault.hits + 1); // 500s, then paid: always the reload id as key
      expect(count(await flaky.events(), 'CreditsPurchased')).toBe(1);
      expect(count(await flaky.events(), 'AutoReloadFailed')).toBe(0);
      const { rows } = await api.runtime.pool.query('SELECT count(*)::int AS n FROM auto_reload_charges');
      expect(rows[0].n).toBe(0); // every charge settled and left the table
    } finally {
      await api.close();
    }
  });

  it('a hung Stripe answer for one account does not delay the others; it is charged once after it times out', async () => {
    const api = await startTestApi(env({ STRIPE_REQUEST_TIMEOUT_MS: '5000' }));
    try {
      const hung = await account(api, 'hang_1', 'pm_hang');
      const others: Account[] = [];
      for (let i = 0; i < 10; i += 1) others.push(await account(api, `hang_other_${i}`, 'pm_card_visa'));
      const hang = stripe.fail({ paymentMethod: 'pm_hang' }, 'hang');
      await hung.trigger();
      await until('the hung charge was sent', async () => hang.hits > 0, 5_000);
      await Promise.all(others.map((a) => a.trigger()));
      // Well inside the hung request's timeout (5 s here, 10 s by default).
      await until('the others paid', () => all(others, paid), 3_000);
      expect(await paid(hung)).toBe(false);
      hang.clear();
      await until('the hung reload paid', () => paid(hung), 10_000);
      expect(count(await hung.events(), 'CreditsPurchased')).toBe(1);
      expect(new Set(stripe.chargesWithKey(hung.reloadId).map((r) => r.headers['idempotency-key']))).toEqual(new Set([hung.reloadId]));
    } finally {
      await api.close();
    }
  });

  it('a wrong key blames nobody: no failure recorded, readiness down, one error line per interval; charges go through once the key works', async () => {
    const api = await startTestApi(env());
    const errorLines: string[] = [];
    const entry = api.runtime.logger.entry.bind(api.runtime.logger);
    jest.spyOn(api.runtime.logger, 'entry').mockImplementation((level, msg, fields) => {
      if (level === 'error') errorLines.push(msg);
      entry(level, msg, fields);
    });
    try {
      const accounts: Account[] = [];
      for (let i = 0; i < 5; i += 1) accounts.push(await account(api, `key_${i}`, 'pm_card_visa'));
      const wrongKey = stripe.fail({ path: '/v1/payment_intents' }, 'wrong_key');
      await Promise.all(accounts.map((a) => a.trigger()));
      const health = api.app.get(PaymentProviderHealth);
      await until('several refusals', async () => wrongKey.hits >= 15, 10_000);
      expect(health.report()).toMatchObject({ status: 'down', lastError: expect.stringContaining('Invalid API Key') });
      for (const a of accounts) expect(await failed(a)).toBeUndefined();
      expect(errorLines.filter((m) => m.includes('refuses our credentials'))).toHaveLength(1);
      const metrics = (await api.http().get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/billing_payment_provider_errors_total\{class="systemic",operation="charge"\} [1-9]/);
      wrongKey.clear(); // the operator fixed the key
      await until('all paid', () => all(accounts, paid), 10_000);
      for (const a of accounts) expect(count(await a.events(), 'CreditsPurchased')).toBe(1);
      expect(health.report().status).toBe('up');
    } finally {
      await api.close();
    }
  });

  it('the retry budget ends with payment_provider_unavailable: not counted as a card failure, auto-reload stays on, the page says so', async () => {
    const api = await startTestApi(env({ AUTO_RELOAD_RETRY_BUDGET_MS: '1500' }));
    try {
      const down = await account(api, 'budget_1', 'pm_always_500');
      const fault = stripe.fail({ paymentMethod: 'pm_always_500' }, 'server_error');
      await down.trigger();
      await until('the reload gave up', async () => (await failed(down)) !== undefined, 10_000);
      expect((await failed(down))?.data).toMatchObject({ reasonCode: 'payment_provider_unavailable', consecutiveFailures: 0 });
      expect(fault.hits).toBeGreaterThan(1);
      const sent = stripe.chargesWithKey(down.reloadId).length;
      expect(count(await down.events(), 'AutoReloadDisabled')).toBe(0);
      expect((await down.billing()).autoReload).toMatchObject({ enabled: true, notice: { code: 'payment_provider_unavailable' } });
      await new Promise((r) => setTimeout(r, 300));
      expect(stripe.chargesWithKey(down.reloadId)).toHaveLength(sent); // never asked again after giving up
      fault.clear();
    } finally {
      await api.close();
    }
  });

  it('retries survive a takeover: the standby instance finds the charge with its attempts and budget and pays it once, same key', async () => {
    const shared = { db: await createTestDatabase() } as TestApi; // both instances on it; dropped here
    const first = await startTestApi(env(), shared);
    let second: TestApi | undefined;
    try {
      const flaky = await account(first, 'restart_1', 'pm_restart');
      const fault = stripe.fail({ paymentMethod: 'pm_restart' }, 'server_error');
      await flaky.trigger();
      await until('a few failed attempts', async () => fault.hits >= 2, 10_000);
      second = await startTestApi(env(), shared); // stands by: the first owns the payment process
      const standing = second;
      await first.close();
      const hitsByFirst = fault.hits;
      await until('the standby took over and asked again', async () => fault.hits > hitsByFirst, 10_000);
      const { rows } = await second.runtime.pool.query('SELECT attempts, first_attempt_at FROM auto_reload_charges WHERE reload_id = $1', [flaky.reloadId]);
      expect(rows).toHaveLength(1);
      expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
      expect(rows[0].first_attempt_at).not.toBeNull();
      const before = stripe.chargesWithKey(flaky.reloadId).length;
      fault.clear();
      const events = () => standing.runtime.eventStore.readStream(accountStreamName('restart_1'));
      await until('paid by the second instance', async () => count(await events(), 'CreditsPurchased') === 1, 10_000);
      expect(stripe.chargesWithKey(flaky.reloadId).length).toBe(before + 1);
      expect(count(await events(), 'AutoReloadFailed')).toBe(0);
    } finally {
      await second?.close();
      await shared.db.drop();
    }
  });
});
