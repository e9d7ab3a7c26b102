import { accountStreamName } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';

// Buying credits with no Stripe key: the sandbox checkout, through the same fulfilment as Stripe.
let api: TestApi;
let service: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi();
  service = await api.token('service');
});
afterAll(async () => {
  await api?.close();
});

async function open(accountId: string, plan = 'free') {
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId, plan }).expect(201);
  return api.token('admin', accountId);
}

describe('buying credits in the sandbox', () => {
  it('"A Free account buys 3 blocks → total $84.00 → completed → +300 minutes", exactly once', async () => {
    const admin = await open('acc_sbx');
    const bought = await api.http().post('/v1/accounts/acc_sbx/credit-purchases').set(bearer(admin)).send({ blocks: 3 }).expect(201);
    expect(bought.body).toMatchObject({ blocks: 3, minutes: 300, ratePerMinute: { amount: 28, currency: 'usd' }, total: { amount: 8400, currency: 'usd' } });
    const { purchaseId, checkoutUrl } = bought.body as { purchaseId: string; checkoutUrl: string };
    const path = new URL(checkoutUrl).pathname;
    expect(path).toMatch(/^\/v1\/sandbox\/checkout\//);

    // Nothing is credited before payment.
    const pending = await api.http().get(`/v1/accounts/acc_sbx/credit-purchases/${purchaseId}`).set(bearer(admin)).expect(200);
    expect(pending.body).toMatchObject({ purchaseId, status: 'pending', blocks: 3 });
    expect((await api.http().get('/v1/accounts/acc_sbx/billing').set(bearer(admin))).body.credits.balanceMinutes).toBe(0);

    const page = await api.http().get(path).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Sandbox checkout.');
    expect(page.text).toContain('$84.00');

    const paid = await api.http().post(`${path}/pay`).expect(303);
    expect(paid.headers.location).toBe(`http://localhost:3000/#/accounts/acc_sbx/billing?purchase=success&purchaseId=${purchaseId}`);
    await api.http().post(`${path}/pay`).expect(303); // a double click pays once

    const billing = await api.http().get('/v1/accounts/acc_sbx/billing').set(bearer(admin)).expect(200);
    expect(billing.body.credits).toEqual({ balanceSeconds: 18_000, balanceMinutes: 300 });
    const purchased = (await api.runtime.eventStore.readStream(accountStreamName('acc_sbx'))).filter((e) => e.type === 'CreditsPurchased');
    expect(purchased).toHaveLength(1);
    const list = await api.http().get('/v1/accounts/acc_sbx/credit-purchases').set(bearer(admin)).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ purchaseId, status: 'completed', paymentReference: `pi_sandbox_${purchaseId}` })]);
  });

  it('answers the same Idempotency-Key and body with the first response; another body under it is 409', async () => {
    const admin = await open('acc_idem');
    const send = (blocks: number) =>
      api.http().post('/v1/accounts/acc_idem/credit-purchases').set(bearer(admin)).set('Idempotency-Key', 'key-1').send({ blocks });
    const first = await send(2).expect(201);
    const again = await send(2).expect(201);
    expect(again.body).toEqual(first.body);
    const other = await send(5).expect(409);
    expect(other.body.code).toBe('PURCHASE.ID_REUSED');
    const list = await api.http().get('/v1/accounts/acc_idem/credit-purchases').set(bearer(admin)).expect(200);
    expect(list.body).toHaveLength(1);
  });

  it('refuses 0 or 101 blocks naming the limits, and Editors, recording nothing', async () => {
    const admin = await open('acc_refuse', 'pro');
    for (const blocks of [0, 101]) {
      const response = await api.http().post('/v1/accounts/acc_refuse/credit-purchases').set(bearer(admin)).send({ blocks }).expect(400);
      expect(response.body).toMatchObject({ code: 'PURCHASE.INVALID_BLOCKS', errors: [{ field: 'blocks', min: 1, max: 100 }] });
    }
    const editor = await api.token('editor', 'acc_refuse');
    const refused = await api.http().post('/v1/accounts/acc_refuse/credit-purchases').set(bearer(editor)).send({ blocks: 1 }).expect(403);
    expect(refused.body.code).toBe('PERMISSION.ADMINISTRATOR_ONLY');
    expect(await api.runtime.eventStore.readStream(accountStreamName('acc_refuse'))).toHaveLength(1);
  });

  it('has no sandbox session for an unknown id', async () => {
    const response = await api.http().get('/v1/sandbox/checkout/cs_sandbox_nobody.pur_x').expect(404);
    expect(response.body.code).toBe('SANDBOX.SESSION_NOT_FOUND');
  });

  it('answers the balance as of an instant from the events, and lists the raw events with positions', async () => {
    const admin = await open('acc_asof');
    const { body } = await api.http().post('/v1/accounts/acc_asof/credit-purchases').set(bearer(admin)).send({ blocks: 1 }).expect(201);
    const beforePayment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await api.http().post(`${new URL(body.checkoutUrl).pathname}/pay`).expect(303);
    const auditor = await api.token('auditor');

    const then = await api.http().get(`/v1/accounts/acc_asof/balance?asOf=${beforePayment}`).set(bearer(auditor)).expect(200);
    expect(then.body.credits).toEqual({ balanceSeconds: 0, balanceMinutes: 0 });
    const now = await api.http().get(`/v1/accounts/acc_asof/balance?asOf=${new Date().toISOString()}`).set(bearer(auditor)).expect(200);
    expect(now.body.credits).toEqual({ balanceSeconds: 6_000, balanceMinutes: 100 });
    expect(now.body.autoReload).toMatchObject({ usedThisMonth: 0, monthlyMax: 0 });
    const bad = await api.http().get('/v1/accounts/acc_asof/balance?asOf=yesterday').set(bearer(auditor)).expect(400);
    expect(bad.body.errors[0].field).toBe('asOf');
    await api.http().get(`/v1/accounts/acc_asof/balance?asOf=${beforePayment}`).set(bearer(await api.token('editor', 'acc_asof'))).expect(403);

    const events = await api.http().get('/v1/accounts/acc_asof/events?limit=2').set(bearer(await api.token('support'))).expect(200);
    expect(events.headers['x-total-count']).toBe('4'); // opened, purchase started, purchased, card on file
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['AccountOpened', 'CreditPurchaseStarted']);
    expect(events.body[0]).toMatchObject({ revision: 0, schemaVersion: 1, data: { accountId: 'acc_asof' }, metadata: { actor: { role: 'service' } } });
    expect(events.body[0].position < events.body[1].position).toBe(true);
    await api.http().get('/v1/accounts/acc_asof/events').set(bearer(admin)).expect(403);
  });
});
