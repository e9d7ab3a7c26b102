import Stripe from 'stripe';
import { accountStreamName } from '@billing/domain';
import { ledgerPagesForExport } from '@billing/api/audit/audit-queries';
import { startTestApi, type TestApi } from '../support/api';
import { FakeStripe } from '../support/fake-stripe';

// Refunds and disputes: Stripe's webhooks signed as Stripe signs them, the charge's PaymentIntent and
// refunds fetched through the real SDK from the local stand-in, each delivery five times, shuffled.
const SECRET = 'whsec_refunds_and_disputes';
const signer = new Stripe('sk_test_signer');
let api: TestApi;
let stripe: FakeStripe;
let service: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** PaymentIntent id → its metadata, as we set it when creating the payment. */
const intents = new Map<string, Record<string, string>>();
/** PaymentIntent id → its amount. */
const amounts = new Map<string, number>();
/** Charge id → its refunds, as Stripe lists them. */
const refunds = new Map<string, object[]>();

beforeAll(async () => {
  stripe = new FakeStripe();
  const url = await stripe.start();
  stripe.on((r) => (r.method === 'POST' && r.path === '/v1/checkout/sessions' ? { body: { id: `cs_${r.form.client_reference_id}`, url: 'https://checkout.stripe.com/c/pay/x' } } : undefined));
  stripe.on((r) => (r.method === 'POST' && r.path === '/v1/payment_intents' ? { body: { id: `pi_${r.form['metadata[reloadId]']}`, status: 'processing' } } : undefined));
  stripe.on((r) => {
    if (r.method !== 'GET' || !r.path.startsWith('/v1/payment_intents/')) return undefined;
    const id = r.path.split('/').pop() as string;
    const metadata = intents.get(id);
    return metadata ? { body: { id, object: 'payment_intent', metadata, payment_method: null, amount: amounts.get(id) ?? 0, amount_received: amounts.get(id) ?? 0, currency: 'usd', status: 'succeeded' } }
      : { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${id}'` } } };
  });
  stripe.on((r) => (r.method === 'GET' && r.path === '/v1/refunds' ? { body: { object: 'list', data: refunds.get(r.form.charge) ?? [], has_more: false, url: '/v1/refunds' } } : undefined));
  api = await startTestApi({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_URL: url });
  service = await api.token('service');
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

/** Every event five times, all shuffled together; each answered 2xx. */
async function deliverShuffled(events: object[]) {
  const deliveries = events.flatMap((event) => Array.from({ length: 5 }, () => event));
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
  }
  const bodies = [];
  for (const event of deliveries) bodies.push((await deliver(event).expect(200)).body);
  return bodies;
}

const event = (type: string, object: object, id = `evt_${type}_${(object as { id: string }).id}_${Math.random()}`) => ({ id, object: 'event', type, data: { object } });
const refund = (id: string, charge: string, amount: number, created: number) => ({ id, object: 'refund', charge, amount, currency: 'usd', status: 'succeeded', created });
/** charge.refunded as Stripe sends it today: no metadata on the charge, refunds not expanded. */
const chargeRefunded = (charge: string, intent: string, amount: number, refunded: number) =>
  event('charge.refunded', { id: charge, object: 'charge', payment_intent: intent, amount, amount_refunded: refunded, currency: 'usd', metadata: {}, refunded: refunded === amount });
const dispute = (type: string, id: string, intent: string, amount: number, status: string) =>
  event(type, { id, object: 'dispute', charge: `ch_${intent}`, payment_intent: intent, amount, currency: 'usd', reason: 'fraudulent', status });
const completed = (accountId: string, purchaseId: string, amount: number) => event('checkout.session.completed', {
  id: `cs_${purchaseId}`, object: 'checkout.session', client_reference_id: purchaseId, metadata: { accountId, purchaseId },
  payment_status: 'paid', amount_total: amount, currency: 'usd', payment_intent: `pi_${purchaseId}`,
}, `evt_completed_${purchaseId}`);

async function accountWithPurchase(accountId: string, blocks: number) {
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'free', stripeCustomerId: `cus_${accountId}` }).expect(201);
  const admin = await api.token('admin', accountId);
  const purchaseId = (await api.http().post(`/v1/accounts/${accountId}/credit-purchases`).set(bearer(admin)).send({ blocks }).expect(201)).body.purchaseId as string;
  intents.set(`pi_${purchaseId}`, { accountId, purchaseId });
  amounts.set(`pi_${purchaseId}`, blocks * 100 * 28);
  return { admin, purchaseId, intent: `pi_${purchaseId}`, charge: `ch_${purchaseId}` };
}
const balance = async (accountId: string, token: string) => (await api.http().get(`/v1/accounts/${accountId}/billing`).set(bearer(token)).expect(200)).body.credits.balanceMinutes;
const refundedEvents = async (accountId: string) => (await api.runtime.eventStore.readStream(accountStreamName(accountId))).filter((e) => e.type === 'CreditsRefunded');

// Free: $0.28/min; 3 blocks = 300 minutes = $84.00.
it('a full refund takes back every minute once, even when it arrives before the payment webhook', async () => {
  const { admin, purchaseId, intent, charge } = await accountWithPurchase('acc_refund_full', 3);
  refunds.set(charge, [refund('re_full', charge, 8_400, 100)]);
  await deliverShuffled([completed('acc_refund_full', purchaseId, 8_400), chargeRefunded(charge, intent, 8_400, 8_400)]);
  expect(await balance('acc_refund_full', admin)).toBe(0);
  const recorded = await refundedEvents('acc_refund_full');
  expect(recorded.map((e) => [e.data.refundId, e.data.creditSeconds, e.data.cause])).toEqual([['re_full', 18_000, 'refund']]);
  const ledger = (await api.http().get('/v1/accounts/acc_refund_full/ledger').set(bearer(admin)).expect(200)).body;
  expect(ledger[0]).toMatchObject({ kind: 'refund', seconds: -18_000, balanceAfterSeconds: 0, purchaseId });
  const feed = (await api.http().get('/v1/events?accountId=acc_refund_full&types=CreditsRefunded').set(bearer(service)).expect(200)).body;
  expect(feed.events.map((e: { type: string }) => e.type)).toEqual(['CreditsRefunded']);
}, 60_000);

it('two partial refunds, each webhook five times in any order, add up to the refunded share of the minutes', async () => {
  const { admin, purchaseId, intent, charge } = await accountWithPurchase('acc_refund_partial', 3);
  await deliver(completed('acc_refund_partial', purchaseId, 8_400)).expect(200);
  // The first webhook names one refund; the second names both (the charge as Stripe has it then).
  const first = chargeRefunded(charge, intent, 8_400, 2_100);
  (first.data.object as Record<string, unknown>).refunds = { object: 'list', data: [refund('re_a', charge, 2_100, 100)], has_more: false };
  refunds.set(charge, [refund('re_a', charge, 2_100, 100), refund('re_b', charge, 4_200, 200)]);
  await deliverShuffled([first, chargeRefunded(charge, intent, 8_400, 6_300)]);
  expect((await refundedEvents('acc_refund_partial')).map((e) => e.data.refundId).sort()).toEqual(['re_a', 're_b']);
  // $63 of $84 refunded: 225 of the 300 minutes leave.
  expect(await balance('acc_refund_partial', admin)).toBe(75);
}, 60_000);

it('an auto-reload\'s refund takes back its minutes, and the balance may go below zero', async () => {
  const accountId = 'acc_refund_reload';
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan: 'pro', stripeCustomerId: 'cus_reload' }).expect(201);
  const admin = await api.token('admin', accountId);
  await api.http().put(`/v1/accounts/${accountId}/payment-method`).set(bearer(service)).send({ paymentMethodId: 'pm_card_visa' }).expect(200);
  await api.http().put(`/v1/accounts/${accountId}/auto-reload`).set(bearer(admin)).send({ enabled: true }).expect(200);
  // Beyond the 2,000 included minutes by 10: the balance goes to −10 and a reload fires.
  const call = await api.http().post(`/v1/accounts/${accountId}/calls`).set(bearer(service)).send({ callId: 'r1', durationSeconds: 2_010 * 60, endedAt: new Date().toISOString() }).expect(201);
  const reloadId = call.body.autoReload.reloadId as string;
  intents.set(`pi_${reloadId}`, { accountId, reloadId });
  refunds.set(`ch_${reloadId}`, [refund('re_reload', `ch_${reloadId}`, 1_800, 100)]);
  await deliverShuffled([event('payment_intent.succeeded', { id: `pi_${reloadId}`, object: 'payment_intent', metadata: { accountId, reloadId } }, 'evt_pi_ok'),
    chargeRefunded(`ch_${reloadId}`, `pi_${reloadId}`, 1_800, 1_800)]);
  expect(await balance(accountId, admin)).toBe(-10);
  const ledger = (await api.http().get(`/v1/accounts/${accountId}/ledger`).set(bearer(admin)).expect(200)).body;
  expect(ledger[0]).toMatchObject({ kind: 'refund', seconds: -6_000, reloadId, purchaseId: null });
}, 60_000);

it('a dispute opened and won changes nothing; one lost takes back its amount; each recorded once', async () => {
  const won = await accountWithPurchase('acc_dispute_won', 1);
  const lost = await accountWithPurchase('acc_dispute_lost', 2);
  await deliverShuffled([
    completed('acc_dispute_won', won.purchaseId, 2_800), completed('acc_dispute_lost', lost.purchaseId, 5_600),
    dispute('charge.dispute.created', 'dp_won', won.intent, 2_800, 'needs_response'), dispute('charge.dispute.closed', 'dp_won', won.intent, 2_800, 'won'),
    dispute('charge.dispute.created', 'dp_lost', lost.intent, 5_600, 'needs_response'), dispute('charge.dispute.closed', 'dp_lost', lost.intent, 5_600, 'lost'),
  ]);
  expect(await balance('acc_dispute_won', won.admin)).toBe(100);
  expect(await balance('acc_dispute_lost', lost.admin)).toBe(0);
  const statuses = async (accountId: string) => (await api.runtime.eventStore.readStream(accountStreamName(accountId)))
    .filter((e) => e.type === 'PaymentDisputed').map((e) => e.data.status).sort();
  expect(await statuses('acc_dispute_won')).toEqual(['opened', 'won']);
  expect(await statuses('acc_dispute_lost')).toEqual(['lost', 'opened']);
  expect((await refundedEvents('acc_dispute_lost')).map((e) => [e.data.cause, e.data.creditSeconds])).toEqual([['dispute_lost', 12_000]]);
  const ledger = (await api.http().get('/v1/accounts/acc_dispute_lost/ledger?kind=dispute_lost').set(bearer(lost.admin)).expect(200)).body;
  expect(ledger).toEqual([expect.objectContaining({ kind: 'dispute_lost', seconds: -12_000, purchaseId: lost.purchaseId })]);
}, 60_000);

it('a dispute that arrives before the payment\'s own webhook, delivered once, is still recorded (the payment is settled first)', async () => {
  const { admin, purchaseId, intent } = await accountWithPurchase('acc_dispute_early', 1);
  expect((await deliver(dispute('charge.dispute.created', 'dp_early', intent, 2_800, 'needs_response')).expect(200)).body.outcome).toBe('recorded');
  await deliver(completed('acc_dispute_early', purchaseId, 2_800)).expect(200);
  expect(await balance('acc_dispute_early', admin)).toBe(100);
  const types = (await api.runtime.eventStore.readStream(accountStreamName('acc_dispute_early'))).map((e) => e.type);
  expect(types.filter((t) => t === 'CreditsPurchased' || t === 'PaymentDisputed')).toEqual(['CreditsPurchased', 'PaymentDisputed']);
}, 60_000);

it('one refund the account refuses does not keep the charge\'s other refunds from being applied', async () => {
  const { admin, purchaseId, intent, charge } = await accountWithPurchase('acc_refund_mixed', 2);
  await deliver(completed('acc_refund_mixed', purchaseId, 5_600)).expect(200);
  refunds.set(charge, [{ ...refund('re_eur', charge, 100, 1), currency: 'eur' }, refund('re_usd', charge, 2_800, 2)]);
  const answer = (await deliver(chargeRefunded(charge, intent, 5_600, 2_900)).expect(200)).body;
  expect([answer.outcome, answer.code]).toEqual(['ignored', 'REFUND.INVALID_AMOUNT']);
  expect((await refundedEvents('acc_refund_mixed')).map((e) => e.data.refundId)).toEqual(['re_usd']);
  expect(await balance('acc_refund_mixed', admin)).toBe(100);
}, 60_000);

it('a foreign or unknown charge is acknowledged and logged, never retried, and changes no account', async () => {
  const { admin, purchaseId, charge } = await accountWithPurchase('acc_refund_foreign', 1);
  await deliver(completed('acc_refund_foreign', purchaseId, 2_800)).expect(200);
  // Not a PaymentIntent Stripe knows; one without our metadata; and one naming our purchase with another payment.
  intents.set('pi_theirs', { order: '42' });
  intents.set('pi_forged', { accountId: 'acc_refund_foreign', purchaseId });
  refunds.set('ch_forged', [refund('re_forged', 'ch_forged', 2_800, 1)]);
  const answers = await Promise.all([
    deliver(chargeRefunded('ch_unknown', 'pi_unknown', 1_000, 1_000)), deliver(chargeRefunded('ch_theirs', 'pi_theirs', 1_000, 1_000)),
    deliver(chargeRefunded('ch_forged', 'pi_forged', 2_800, 2_800)), deliver(dispute('charge.dispute.created', 'dp_x', 'pi_unknown', 100, 'needs_response')),
  ]);
  expect(answers.map((a) => [a.status, a.body.outcome, a.body.code])).toEqual([
    [200, 'ignored', 'REFUND.UNKNOWN_PAYMENT'], [200, 'ignored', 'REFUND.UNKNOWN_PAYMENT'], [200, 'ignored', 'REFUND.PAYMENT_MISMATCH'], [200, 'ignored', 'REFUND.UNKNOWN_PAYMENT'],
  ]);
  expect(await balance('acc_refund_foreign', admin)).toBe(100);
  expect(charge).toBe(`ch_${purchaseId}`);
}, 60_000);

it('the export\'s rows equal the ledger\'s, refunds included: same movements, amounts, balances and causes, oldest first', async () => {
  const support = await api.token('support');
  for (const accountId of ['acc_refund_partial', 'acc_refund_reload', 'acc_dispute_lost']) {
    const ledger = (await api.http().get(`/v1/accounts/${accountId}/ledger?limit=100`).set(bearer(support)).expect(200)).body as Record<string, unknown>[];
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const csv = (await api.http().get(`/v1/accounts/${accountId}/ledger/export.csv?from=2000-01-01&to=${tomorrow}`).set(bearer(support)).expect(200)).text;
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe('time,account_id,kind,minutes,seconds,balance_after_minutes,balance_after_seconds,purchase_id,reload_id,call_id,event_id,position');
    const rows = lines.map((line) => line.split(','));
    const expected = [...ledger].reverse().map((e) => [
      e.at, e.accountId, e.kind, (e.minutes as number).toFixed(2), String(e.seconds), (e.balanceAfterMinutes as number).toFixed(2), String(e.balanceAfterSeconds),
      e.purchaseId ?? '', e.reloadId ?? '', e.callId ?? '', e.eventId, e.position,
    ]);
    expect(rows).toEqual(expected);
    expect(rows.some((row) => row[2] === 'refund' || row[2] === 'dispute_lost')).toBe(true);
    // The stream's pages (2 rows each here) join up to the same rows: none lost or repeated at a page boundary.
    const pages = await ledgerPagesForExport(api.runtime.pool, accountId, { from: new Date('2000-01-01'), to: new Date(`${tomorrow}T00:00:00Z`) }, 'public', 2);
    const paged: string[] = [];
    for await (const page of pages ?? []) paged.push(...page.map((entry) => entry.eventId));
    expect(paged).toEqual(expected.map((row) => row[10]));
  }
}, 60_000);
