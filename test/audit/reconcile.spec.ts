import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Stripe from 'stripe';
import { startTestApi, type TestApi } from '../support/api';
import { FakeStripe } from '../support/fake-stripe';

// Reconciliation against the local Stripe stand-in: Stripe's side listed through the SDK's
// auto-pagination, the store's side made by the service itself (purchases, a reload and refunds
// credited by signed webhooks). First clean (exit 0, ok), then one difference of each kind planted.
jest.setTimeout(120_000);
const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'apps/api/dist/cli/audit/main.js');
const SECRET = 'whsec_reconcile';
const signer = new Stripe('sk_test_signer');
let api: TestApi;
let stripe: FakeStripe;
let stripeUrl: string;
let service: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const now = Math.floor(Date.now() / 1_000);
const FROM = new Date((now - 3_600) * 1_000).toISOString();
const TO = new Date((now + 3_600) * 1_000).toISOString();

interface Run { code: number; stdout: string; stderr: string }
function audit(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: api.db.url, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}
const withStripe = () => ({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_URL: stripeUrl });

function deliver(event: object) {
  const payload = JSON.stringify({ object: 'event', ...event });
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET });
  return api.http().post('/v1/webhooks/stripe').set('Stripe-Signature', header).set('Content-Type', 'application/json').send(payload).expect(200);
}
const intent = (id: string, amount: number, metadata: Record<string, string>, created = now) =>
  ({ id, object: 'payment_intent', amount, amount_received: amount, currency: 'usd', status: 'succeeded', metadata, created });
const refund = (id: string, pi: string, amount: number) => ({ id, object: 'refund', payment_intent: pi, charge: `ch_${pi}`, amount, currency: 'usd', status: 'succeeded', created: now });

/** A purchase paid at Stripe (session + PaymentIntent listed) and credited by its webhook; returns its PaymentIntent id. */
async function paidPurchase(accountId: string, admin: string, blocks: number, options: { atStripe?: boolean; stripeAmount?: number } = {}) {
  const purchaseId = (await api.http().post(`/v1/accounts/${accountId}/credit-purchases`).set(bearer(admin)).send({ blocks }).expect(201)).body.purchaseId as string;
  const pi = `pi_${purchaseId}`;
  const amount = blocks * 100 * 28;
  if (options.atStripe !== false) {
    stripe.stored.payment_intents.push(intent(pi, options.stripeAmount ?? amount, { accountId, purchaseId }));
    stripe.stored['checkout/sessions'].push({ id: `cs_${purchaseId}`, object: 'checkout.session', created: now, payment_status: 'paid', amount_total: options.stripeAmount ?? amount, currency: 'usd', metadata: { accountId, purchaseId }, payment_intent: pi });
  }
  await deliver({ id: `evt_${purchaseId}`, type: 'checkout.session.completed', data: { object: { id: `cs_${purchaseId}`, object: 'checkout.session', client_reference_id: purchaseId,
    metadata: { accountId, purchaseId }, payment_status: 'paid', amount_total: amount, currency: 'usd', payment_intent: options.atStripe === false ? null : pi } } });
  // Without a PaymentIntent the session is the payment's reference.
  return { purchaseId, pi: options.atStripe === false ? `cs_${purchaseId}` : pi };
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api/tsconfig.app.json'], { cwd: ROOT, stdio: 'pipe' });
  stripe = new FakeStripe();
  stripeUrl = await stripe.start();
  stripe.serveLists();
  stripe.on((r) => (r.method === 'POST' && r.path === '/v1/checkout/sessions' ? { body: { id: `cs_${r.form.client_reference_id}`, url: 'https://checkout.stripe.com/c/pay/x' } } : undefined));
  stripe.on((r) => (r.method === 'POST' && r.path === '/v1/payment_intents' ? { body: { id: `pi_${r.form['metadata[reloadId]']}`, status: 'processing' } } : undefined));
  api = await startTestApi({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_URL: stripeUrl });
  service = await api.token('service');
  // Other products' payments on the same Stripe account: more than a page of them, none ours.
  for (let i = 0; i < 150; i++) stripe.stored.payment_intents.push(intent(`pi_other_${String(i).padStart(3, '0')}`, 500 + i, {}, now - i));
}, 120_000);
afterAll(async () => {
  await api?.close();
  await stripe?.stop();
});

let clean: { accountId: string; admin: string; pi: string; purchaseId: string };

it('a clean store and Stripe: no difference, exit 0 (CLI and HTTP), Stripe paged through', async () => {
  const accountId = 'acc_rc';
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'free', stripeCustomerId: 'cus_rc' }).expect(201);
  const admin = await api.token('admin', accountId);
  const { purchaseId, pi } = await paidPurchase(accountId, admin, 2);
  stripe.stored.refunds.push(refund('re_ok', pi, 1_400));
  await deliver({ id: 'evt_refund_ok', type: 'charge.refunded', data: { object: { id: `ch_${pi}`, object: 'charge', payment_intent: pi, amount: 5_600, amount_refunded: 1_400, currency: 'usd', metadata: {} } } });
  clean = { accountId, admin, pi, purchaseId };
  const pagesBefore = stripe.pagesOf('payment_intents');
  const cli = await audit(withStripe(), 'reconcile', '--from', FROM, '--to', TO);
  expect([cli.code, cli.stderr]).toEqual([0, expect.stringContaining('reconcile: listed')]);
  expect(cli.stdout).toContain('Stripe 1 payment(s), 1 refund(s); store 1 credit(s), 1 refund(s): 0 difference(s)');
  expect(stripe.pagesOf('payment_intents') - pagesBefore).toBe(2); // 151 PaymentIntents, 100 a page
  const http = await api.http().get(`/v1/audit/reconcile?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`).set(bearer(await api.token('auditor'))).expect(200);
  expect(http.body).toMatchObject({ ok: true, differences: [], stripe: { payments: 1, refunds: 1 }, store: { credits: 1, refunds: 1 } });
});

it('reports each kind of difference, as a table and as JSON, and exits 1', async () => {
  const { accountId, admin, pi } = clean;
  // Paid at Stripe, never credited (its webhook never came).
  stripe.stored.payment_intents.push(intent('pi_never_credited', 2_800, { accountId, purchaseId: 'pur_lost_webhook' }));
  // Credited, but Stripe has no such payment.
  const ghost = await paidPurchase(accountId, admin, 1, { atStripe: false });
  // Credited at one amount, charged at another.
  const odd = await paidPurchase(accountId, admin, 1, { stripeAmount: 2_900 });
  // Refunded at Stripe, minutes not taken back.
  stripe.stored.refunds.push(refund('re_not_applied', pi, 700));
  // Minutes taken back for a refund Stripe does not have (listed when the webhook came, gone since).
  stripe.stored.refunds.push(refund('re_phantom', odd.pi, 100));
  await deliver({ id: 'evt_refund_phantom', type: 'charge.refunded', data: { object: { id: `ch_${odd.pi}`, object: 'charge', payment_intent: odd.pi, amount: 2_800, amount_refunded: 100, currency: 'usd', metadata: {} } } });
  stripe.stored.refunds.splice(stripe.stored.refunds.findIndex((r) => r.id === 're_phantom'), 1);

  const json = await audit(withStripe(), 'reconcile', '--from', FROM, '--to', TO, '--json');
  expect(json.code).toBe(1);
  const report = JSON.parse(json.stdout);
  expect(report.ok).toBe(false);
  const kinds = report.differences.map((d: { kind: string; stripeReference: string }) => [d.kind, d.stripeReference]).sort();
  expect(kinds).toEqual([
    ['amount_differs', odd.pi], ['credited_without_payment', ghost.pi], ['paid_not_credited', 'pi_never_credited'],
    ['refund_not_applied', 're_not_applied'], ['refund_without_stripe_refund', 're_phantom'],
  ]);
  const table = await audit(withStripe(), 'reconcile', '--from', FROM, '--to', TO);
  expect(table.code).toBe(1);
  for (const [kind] of kinds) expect(table.stdout).toMatch(new RegExp(`^${kind}\\s+acc_rc`, 'm'));
  const http = await api.http().get(`/v1/audit/reconcile?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`).set(bearer(await api.token('auditor'))).expect(200);
  expect(http.body.differences).toEqual(report.differences);
});

it('without Stripe (the sandbox) it says reconciliation needs Stripe; bad ranges and other roles are refused', async () => {
  const sandbox = await audit({}, 'reconcile', '--from', FROM, '--to', TO);
  expect([sandbox.code, sandbox.stderr.trim()]).toEqual([1, expect.stringContaining('reconciliation needs Stripe')]);
  const sandboxApi = await startTestApi({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_API_URL: undefined }, api);
  try {
    const answer = await sandboxApi.http().get(`/v1/audit/reconcile?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`).set(bearer(await sandboxApi.token('auditor')));
    expect([answer.status, answer.body.code, answer.body.detail]).toEqual([409, 'RECONCILE.NEEDS_STRIPE', expect.stringContaining('Reconciliation needs Stripe')]);
  } finally {
    await sandboxApi.close();
  }
  expect((await audit(withStripe(), 'reconcile', '--from', FROM)).code).toBe(2);
  const support = await api.token('support');
  expect((await api.http().get(`/v1/audit/reconcile?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`).set(bearer(support))).status).toBe(403);
  const bad = await api.http().get('/v1/audit/reconcile?from=yesterday&to=today').set(bearer(await api.token('auditor'))).expect(400);
  expect(bad.body.code).toBe('VALIDATION.FAILED');
});

it('Stripe refusing our key is an error of the audit, not a difference', async () => {
  const fault = stripe.fail({ path: '/v1/payment_intents' }, 'wrong_key');
  const cli = await audit(withStripe(), 'reconcile', '--from', FROM, '--to', TO);
  expect([cli.code, cli.stderr]).toEqual([1, expect.stringContaining('Stripe did not answer the reconciliation (systemic: authentication_error)')]);
  const http = await api.http().get(`/v1/audit/reconcile?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`).set(bearer(await api.token('auditor')));
  expect([http.status, http.body.code]).toEqual([502, 'RECONCILE.STRIPE_UNAVAILABLE']);
  fault.clear();
});
