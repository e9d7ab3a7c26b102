import { startTestApi, type TestApi } from '../support/api';
import { eventually, type Receiver, startReceiver, verifyStandardWebhook } from '../support/webhook-receiver';

// Webhook endpoints through the API: roles, validation, the secret shown once, rotation (both secrets
// sign for the grace period), signatures checked by an independent Standard Webhooks verifier, and the
// server-side request forgery guard of production.
let api: TestApi;
let receiver: Receiver;
let service: string;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false' });
  service = await api.token('service');
  receiver = await startReceiver(() => 204);
});
afterAll(async () => {
  await api?.close();
  await receiver?.close();
});

it('registers, lists, changes and deletes endpoints (service and support), showing the secret only once', async () => {
  const support = await api.token('support');
  const created = await api.http().post('/v1/webhook-endpoints').set(bearer(support))
    .send({ url: receiver.url, eventTypes: ['CreditsPurchased'], accountId: 'acc_x', description: 'CRM' }).expect(201);
  expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  expect(Buffer.from(created.body.secret.slice(6), 'base64')).toHaveLength(32);
  expect(created.body).toMatchObject({ url: receiver.url, eventTypes: ['CreditsPurchased'], accountId: 'acc_x', description: 'CRM', status: 'enabled', disabledReason: null });
  const id = created.body.id as string;

  const one = await api.http().get(`/v1/webhook-endpoints/${id}`).set(bearer(service)).expect(200);
  expect(one.body.secret).toBeUndefined();
  expect(JSON.stringify(one.body)).not.toContain(created.body.secret.slice(6, 20));
  const list = await api.http().get('/v1/webhook-endpoints').set(bearer(service)).expect(200);
  expect(list.body.endpoints.map((e: { id: string }) => e.id)).toContain(id);

  const changed = await api.http().patch(`/v1/webhook-endpoints/${id}`).set(bearer(service)).send({ eventTypes: null, description: 'all', enabled: false }).expect(200);
  expect(changed.body).toMatchObject({ eventTypes: null, description: 'all', status: 'disabled', disabledReason: 'disabled through the API' });
  const resumed = await api.http().patch(`/v1/webhook-endpoints/${id}`).set(bearer(service)).send({ enabled: true }).expect(200);
  expect(resumed.body).toMatchObject({ status: 'enabled', disabledReason: null, url: receiver.url });

  expect((await api.http().delete(`/v1/webhook-endpoints/${id}`).set(bearer(service)).expect(200)).body.id).toBe(id);
  expect((await api.http().get(`/v1/webhook-endpoints/${id}`).set(bearer(service)).expect(404)).body.code).toBe('WEBHOOK.ENDPOINT_NOT_FOUND');
  await api.http().delete(`/v1/webhook-endpoints/${id}`).set(bearer(service)).expect(404);
});

it('refuses other roles and malformed input, naming the field', async () => {
  await api.http().get('/v1/webhook-endpoints').set(bearer(await api.token('admin', 'acc_x'))).expect(403);
  await api.http().post('/v1/webhook-endpoints').set(bearer(await api.token('auditor'))).send({ url: receiver.url }).expect(403);
  await api.http().get('/v1/webhook-endpoints').expect(401);
  const bad = async (body: unknown, field: string) => {
    const answer = await api.http().post('/v1/webhook-endpoints').set(bearer(service)).send(body as object).expect(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  await bad({ url: 'ftp://example.com/x' }, 'url');
  await bad({ url: 'not a url' }, 'url');
  await bad({ url: 'http://user:pass@example.com/' }, 'url');
  await bad({ url: receiver.url, eventTypes: ['NoSuchEvent'] }, 'eventTypes');
  await bad({ url: receiver.url, eventTypes: [] }, 'eventTypes');
  await bad({ url: receiver.url, accountId: '../x' }, 'accountId');
  await bad({ url: receiver.url, extra: 1 }, 'extra');
  await api.http().get('/v1/webhook-endpoints/whe_nothex').set(bearer(service)).expect(400);
  await api.http().post(`/v1/webhook-endpoints/whe_${'0'.repeat(32)}/replay`).set(bearer(service)).send({ fromPosition: '42' }).expect(400);
  await api.http().post(`/v1/webhook-endpoints/whe_${'0'.repeat(32)}/rotate-secret`).set(bearer(service)).expect(404);
});

it('signs every delivery the Standard Webhooks way, with both secrets during a rotation', async () => {
  const created = await api.http().post('/v1/webhook-endpoints').set(bearer(service)).send({ url: receiver.url, accountId: 'acc_sig' }).expect(201);
  const first = created.body.secret as string;
  await api.http().post('/v1/accounts').set(bearer(service)).send({ accountId: 'acc_sig', plan: 'pro' }).expect(201);
  const opened = await eventually('the AccountOpened delivery', () => receiver.received.find((r) => JSON.parse(r.body).stream === 'billing-account-acc_sig'));
  expect(verifyStandardWebhook([first], opened.headers, opened.body)).toEqual([first]);
  const item = JSON.parse(opened.body);
  expect(opened.headers['webhook-id']).toBe(item.id);
  expect(item).toMatchObject({ type: 'AccountOpened', schemaVersion: expect.any(Number), position: expect.stringMatching(/^\d{20}-\d{20}$/), data: { accountId: 'acc_sig' } });
  // The body is the feed's item for that event, byte for byte.
  const feed = await api.http().get('/v1/events?accountId=acc_sig').set(bearer(service)).expect(200);
  expect(JSON.stringify(feed.body.events[0])).toBe(opened.body);
  // A tampered body or another secret does not verify.
  expect(verifyStandardWebhook([first], opened.headers, opened.body.replace('acc_sig', 'acc_sih'))).toEqual([]);
  expect(() => verifyStandardWebhook([first], opened.headers, opened.body, Number(opened.headers['webhook-timestamp']) + 301)).toThrow(/too far/);

  const rotated = await api.http().post(`/v1/webhook-endpoints/${created.body.id}/rotate-secret`).set(bearer(service)).expect(200);
  const second = rotated.body.secret as string;
  expect(second).not.toBe(first);
  expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
  await api.http().put('/v1/accounts/acc_sig/plan').set(bearer(service)).send({ plan: 'business' }).expect(200);
  const changed = await eventually('the PlanChanged delivery', () => receiver.received.find((r) => JSON.parse(r.body).type === 'PlanChanged' && JSON.parse(r.body).stream === 'billing-account-acc_sig'));
  expect(String(changed.headers['webhook-signature']).split(' ')).toHaveLength(2);
  // A receiver holding either secret accepts it: the old one until the grace period ends, the new one from now.
  expect(verifyStandardWebhook([first], changed.headers, changed.body)).toEqual([first]);
  expect(verifyStandardWebhook([second], changed.headers, changed.body)).toEqual([second]);
});

describe('in production (server-side request forgery)', () => {
  let production: TestApi;
  beforeAll(async () => {
    production = await startTestApi({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_prod', STRIPE_WEBHOOK_SECRET: 'whsec_prod', PAYMENT_PROCESS_ENABLED: 'false' });
  });
  afterAll(async () => {
    await production?.close();
  });

  it('refuses http and every URL that resolves to loopback, private, link-local or other non-public addresses', async () => {
    const token = await production.token('service');
    for (const url of [
      receiver.url, 'http://example.com/hooks', 'https://127.0.0.1/hooks', 'https://localhost/hooks', 'https://10.1.2.3/', 'https://172.16.0.1/',
      'https://192.168.1.1/', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://[fe80::1]/',
      'https://[fd00::1]/', 'https://0.0.0.0/', 'https://100.64.0.1/', 'https://2130706433/', 'https://0x7f000001/',
    ]) {
      const answer = await production.http().post('/v1/webhook-endpoints').set(bearer(token)).send({ url }).expect(400);
      expect([url, answer.body.code]).toEqual([url, 'WEBHOOK.URL_REFUSED']);
    }
    // A public address is accepted (a literal one: no DNS needed here).
    await production.http().post('/v1/webhook-endpoints').set(bearer(token)).send({ url: 'https://93.184.216.34/hooks' }).expect(201);
    await production.http().post('/v1/webhook-endpoints').set(bearer(token)).send({ url: 'https://[2606:4700::1111]/hooks' }).expect(201);
  });
});
