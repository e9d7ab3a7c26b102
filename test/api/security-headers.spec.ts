import { startTestApi, type TestApi } from '../support/api';

// helmet's headers and the Content-Security-Policy on every kind of response: the API's JSON, its
// problems, the console at /, /docs (its own policy) and the health checks. The browser tests
// (test/console) prove the console, the sandbox checkout and /docs work under them.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false' });
});
afterAll(async () => {
  await api?.close();
});

const directives = (header: string | undefined) =>
  new Map((header ?? '').split(';').filter(Boolean).map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name, values]; }));

it.each([
  ['an API answer', '/v1/accounts', 'auditor'],
  ['an API problem (401)', '/v1/accounts', null],
  ['an unknown route (404)', '/v1/nothing-here', null],
  ['the console', '/', null],
  ['a console route', '/accounts/acc_1/billing', null],
  ['liveness', '/health/live', null],
  ['/docs-json', '/docs-json', null],
] as const)('%s carries the security headers and the CSP', async (_what, path, role) => {
  const call = api.http().get(path);
  if (role) call.set('Authorization', `Bearer ${await api.token(role)}`);
  const response = await call;
  expect(response.status).toBeLessThan(500);
  expect(response.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers['strict-transport-security']).toBeUndefined(); // PUBLIC_URL is http here
  const csp = directives(response.headers['content-security-policy']);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]); // no inline script, no eval, anywhere
  expect(csp.get('script-src-attr')).toEqual(["'none'"]);
  expect(csp.get('style-src-attr')).toEqual(["'none'"]);
  expect(csp.get('img-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'", 'http://localhost:3000']);
  expect(csp.has('upgrade-insecure-requests')).toBe(false);
});

it('/docs has its own policy: Swagger UI\'s data: icons and its one sprite style attribute, by hash; still no inline script', async () => {
  for (const path of ['/docs', '/docs/swagger-ui-init.js']) {
    const csp = directives((await api.http().get(path).expect(200)).headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-hashes'", "'sha256-ezdv1bOGcoOD7FKudKN0Y2Mb763O6qVtM8LT2mtanIU='"]);
  }
  expect((await api.http().get('/docs').expect(200)).text).toContain('style="position:absolute;width:0;height:0"'); // what that hash is of
});
