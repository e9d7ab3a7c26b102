import { startTestApi, type TestApi } from '../support/api';

// The OpenAPI document is the API's manual: every operation is listed with a response example.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', PROJECTIONS_ENABLED: 'false' });
});
afterAll(async () => {
  await api?.close();
});

type Operation = { responses: Record<string, { content?: Record<string, { example?: unknown; schema?: { example?: unknown } }> }> };

it('documents every operation at /docs-json with an example of its successful response', async () => {
  const docs = (await api.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
  const missing: string[] = [];
  for (const [path, operations] of Object.entries(docs.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const ok = Object.entries(operation.responses).some(([status, response]) =>
        status.startsWith('2') && Object.values(response.content ?? {}).some((c) => c.example !== undefined || c.schema?.example !== undefined));
      if (!ok) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  expect(missing).toEqual([]);
  expect(Object.keys(docs.paths).length).toBeGreaterThanOrEqual(16);
  await api.http().get('/docs').expect(200);
});

it('documents liveness and readiness, and the 429 (with Retry-After) of exactly the rate-limited expensive reads', async () => {
  const docs = (await api.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation & { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
  expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/health']));
  expect(Object.keys(docs.paths['/health/ready'].get.responses).sort()).toEqual(['200', '503']);
  const limited = Object.entries(docs.paths).flatMap(([path, operations]) =>
    Object.entries(operations).filter(([, operation]) => operation.responses['429']).map(([method, operation]) => {
      expect(operation.responses['429'].headers).toHaveProperty('Retry-After');
      expect(operation.responses['429'].content?.['application/problem+json']?.example).toMatchObject({ status: 429, code: 'RATE_LIMIT.EXCEEDED' });
      return `${method.toUpperCase()} ${path}`;
    }));
  expect(limited.sort()).toEqual([
    'GET /v1/accounts/{accountId}/balance', 'GET /v1/accounts/{accountId}/ledger/export.csv',
    'GET /v1/audit/accounts/{accountId}/replay', 'GET /v1/audit/verify',
  ]);
});
