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
