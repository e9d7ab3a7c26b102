import { startTestApi, type TestApi } from '../support/api';

// GET /metrics: open when METRICS_TOKEN is unset (as before); with it set, only with that bearer token.
const TOKEN = 'scrape-token-0123456789abcdef';
let open: TestApi;
let guarded: TestApi;
beforeAll(async () => {
  const quiet = { PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false' };
  open = await startTestApi(quiet);
  guarded = await startTestApi({ ...quiet, METRICS_TOKEN: TOKEN }, open);
});
afterAll(async () => {
  await guarded?.close();
  await open?.close();
});

it('without METRICS_TOKEN, /metrics answers anyone', async () => {
  const response = await open.http().get('/metrics').expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
});

it('with METRICS_TOKEN, /metrics answers that bearer token (any case of "Bearer")', async () => {
  for (const header of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
    const response = await guarded.http().get('/metrics').set('Authorization', header).expect(200);
    expect(response.text).toContain('# TYPE billing_rate_limited_total counter');
  }
});

it.each([
  ['no Authorization header', undefined],
  ['another token of the same length', `Bearer ${TOKEN.slice(0, -1)}X`],
  ['the token with one more character', `Bearer ${TOKEN}0`],
  ['a prefix of the token', `Bearer ${TOKEN.slice(0, 16)}`],
  ['an empty bearer', 'Bearer '],
  ['the token without the scheme', TOKEN],
  ['the token as Basic credentials', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
])('with METRICS_TOKEN, %s is 401 problem+json and shows no metric', async (_what, header) => {
  const call = guarded.http().get('/metrics');
  if (header !== undefined) call.set('Authorization', header);
  const response = await call.expect(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['www-authenticate']).toBe('Bearer');
  expect(response.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
  expect(response.text).not.toContain('http_request_duration_seconds');
});

it('with METRICS_TOKEN, an API token (even an auditor\'s) does not open /metrics', async () => {
  await guarded.http().get('/metrics').set('Authorization', `Bearer ${await guarded.token('auditor')}`).expect(401);
});
