import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import ts from 'typescript';
import { startTestApi, type TestApi } from '../support/api';

// The OpenAPI document is the API's manual and a client's types: every operation is listed with the
// schema and an example of its successful response, and errors as problem+json; the schemas are true
// to what the API answers, and a client generated from them (openapi-typescript) type-checks.
type Media = { example?: unknown; schema?: Record<string, unknown> };
type Operation = { responses: Record<string, { content?: Record<string, Media> }> };
interface Docs {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

let api: TestApi;
let docs: Docs;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)));

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  docs = (await api.http().get('/docs-json').expect(200)).body as Docs;
});
afterAll(async () => {
  await api?.close();
});

const operations = () => Object.entries(docs.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

/** What the document says `method path` answers with `status` in `type`, checked against `body`: the errors. */
function conformance(method: string, path: string, status: number, body: unknown, type = 'application/json'): string[] {
  const responses = docs.paths[path]?.[method]?.responses ?? {};
  const schema = (responses[String(status)] ?? responses.default)?.content?.[type]?.schema;
  if (!schema) return [`${method.toUpperCase()} ${path} documents no ${type} schema for ${status}`];
  const validate = ajv.compile({ ...schema, components: docs.components });
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${method.toUpperCase()} ${path} ${status}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

it('documents every operation at /docs-json with the schema and an example of its successful response, and its errors as problem+json', async () => {
  const missing: string[] = [];
  for (const { path, method, op } of operations()) {
    const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2')).flatMap(([, r]) => Object.values(r.content ?? {}));
    if (!success.some((c) => c.schema && c.example !== undefined)) missing.push(`${method.toUpperCase()} ${path}: no 2xx schema with an example`);
    if (!op.responses.default?.content?.['application/problem+json']?.schema) missing.push(`${method.toUpperCase()} ${path}: no problem+json error response`);
  }
  expect(missing).toEqual([]);
  expect(operations().length).toBeGreaterThanOrEqual(22);
  await api.http().get('/docs').expect(200);
});

it('documents liveness and readiness, and the 429 (with Retry-After) of exactly the rate-limited expensive reads', async () => {
  const docs = (await api.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation & { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
  expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/health']));
  expect(Object.keys(docs.paths['/health/ready'].get.responses).sort()).toEqual(['200', '503', 'default']);
  const limited = Object.entries(docs.paths).flatMap(([path, operations]) =>
    Object.entries(operations).filter(([, operation]) => operation.responses['429']).map(([method, operation]) => {
      expect(operation.responses['429'].headers).toHaveProperty('Retry-After');
      expect(operation.responses['429'].content?.['application/problem+json']?.example).toMatchObject({ status: 429, code: 'RATE_LIMIT.EXCEEDED' });
      return `${method.toUpperCase()} ${path}`;
    }));
  expect(limited.sort()).toEqual([
    'GET /v1/accounts/{accountId}/balance', 'GET /v1/accounts/{accountId}/ledger/export.csv',
    'GET /v1/audit/accounts/{accountId}/replay', 'GET /v1/audit/reconcile', 'GET /v1/audit/verify', 'POST /v1/accounts/{accountId}/auto-reload/preview',
  ]);
});

it('every documented example conforms to its own schema', () => {
  const wrong = operations().flatMap(({ path, method, op }) =>
    Object.entries(op.responses).flatMap(([status, response]) =>
      Object.entries(response.content ?? {}).flatMap(([type, media]) => (media.example === undefined ? [] : conformance(method, path, Number(status), media.example, type))),
    ),
  );
  expect(wrong).toEqual([]);
});

it('the API answers as its schemas say: commands, queries, read models, audit, the feed, health and problem details', async () => {
  const [service, admin, support, auditor] = await Promise.all([api.token('service'), api.token('admin', 'acc_doc'), api.token('support'), api.token('auditor')]);
  const seen: string[] = [];
  const check = async (method: 'get' | 'post' | 'put', path: string, template: string, token: string, body?: object, status?: number, type = 'application/json') => {
    let call = api.http()[method](path).set('authorization', `Bearer ${token}`);
    if (body) call = call.send(body);
    const response = await call;
    if (status !== undefined) expect({ path, status: response.status }).toEqual({ path, status });
    expect(response.headers['content-type']).toContain(type);
    seen.push(...conformance(method, template, response.status, type.includes('json') ? response.body : response.text, type));
    return response.body as Record<string, unknown>;
  };
  const account = '/v1/accounts/{accountId}';
  await check('post', '/v1/accounts', '/v1/accounts', service, { accountId: 'acc_doc', plan: 'starter' }, 201);
  await check('put', '/v1/accounts/acc_doc/payment-method', `${account}/payment-method`, service, { paymentMethodId: 'pm_card_visa' }, 200);
  await check('put', '/v1/accounts/acc_doc/auto-reload', `${account}/auto-reload`, admin, { enabled: true, thresholdMinutes: 10, monthlyMax: 5 }, 200);
  await check('get', '/v1/accounts/acc_doc/credit-purchases/quote?blocks=2', `${account}/credit-purchases/quote`, admin, undefined, 200);
  const started = await check('post', '/v1/accounts/acc_doc/credit-purchases', `${account}/credit-purchases`, admin, { blocks: 2 }, 201);
  await check('get', '/v1/accounts/acc_doc/credit-purchases', `${account}/credit-purchases`, admin, undefined, 200);
  await check('get', `/v1/accounts/acc_doc/credit-purchases/${String(started.purchaseId)}`, `${account}/credit-purchases/{purchaseId}`, admin, undefined, 200);
  await check('post', '/v1/accounts/acc_doc/calls', `${account}/calls`, service, { callId: 'call-doc-1', durationSeconds: 31_000, endedAt: new Date().toISOString() }, 201);
  await check('post', '/v1/call-ends', '/v1/call-ends', service, { callEnds: [
    { accountId: 'acc_doc', callId: 'call-doc-2', durationSeconds: 60, endedAt: new Date().toISOString() },
    { accountId: 'acc_doc', callId: 'call-doc-1', durationSeconds: 31_000, endedAt: new Date().toISOString() },
    { accountId: 'acc_doc', callId: 'call-doc-3', durationSeconds: -1, endedAt: new Date().toISOString() },
    { accountId: 'acc_nobody', callId: 'call-doc-4', durationSeconds: 60, endedAt: new Date().toISOString() },
    'not a call end',
  ] }, 200);
  await check('post', '/v1/call-ends', '/v1/call-ends', service, { callEnds: [] }, 400, 'application/problem+json');
  await check('put', '/v1/accounts/acc_doc/plan', `${account}/plan`, service, { plan: 'pro' }, 200);
  await check('get', '/v1/accounts/acc_doc/billing', `${account}/billing`, admin, undefined, 200);
  await check('get', `/v1/accounts/acc_doc/balance?asOf=${new Date().toISOString()}`, `${account}/balance`, auditor, undefined, 200);
  await check('get', '/v1/accounts/acc_doc/events', `${account}/events`, support, undefined, 200);
  await check('get', '/v1/events?limit=5', '/v1/events', service, undefined, 200);
  // The read models fill in behind the writes: wait until the call is in the ledger, then read them all.
  for (let tries = 0; (await api.http().get('/v1/accounts/acc_doc/calls').set('authorization', `Bearer ${support}`)).body.length === 0; tries += 1) {
    if (tries > 100) throw new Error('the calls read model never caught up');
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const part of ['calls', 'ledger', 'reloads']) await check('get', `/v1/accounts/acc_doc/${part}`, `${account}/${part}`, support, undefined, 200);
  await check('get', '/v1/accounts', '/v1/accounts', support, undefined, 200);
  await check('post', '/v1/accounts/acc_doc/auto-reload/preview', `${account}/auto-reload/preview`, admin, { thresholdMinutes: 20, monthlyMaximum: 3 }, 200);
  await check('get', '/v1/accounts/acc_doc/settings-history', `${account}/settings-history`, admin, undefined, 200);
  await check('get', '/v1/accounts/acc_doc/billing/forecast', `${account}/billing/forecast`, admin, undefined, 200);
  await check('get', `/v1/accounts/acc_doc/ledger/export.csv?from=2000-01-01&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`, `${account}/ledger/export.csv`, support, undefined, 200, 'text/csv');
  await check('get', '/v1/audit/accounts/acc_doc/replay', '/v1/audit/accounts/{accountId}/replay', auditor, undefined, 200);
  await check('get', '/v1/audit/verify', '/v1/audit/verify', auditor, undefined, 200);
  await check('get', '/health', '/health', service, undefined, 200);
  // Errors: problem details, with the offending field for validation.
  await check('get', '/v1/accounts/acc_none/billing', `${account}/billing`, support, undefined, 404, 'application/problem+json');
  const invalid = await check('post', '/v1/accounts/acc_doc/credit-purchases', `${account}/credit-purchases`, admin, { blocks: 101 }, 400, 'application/problem+json');
  expect(invalid.errors).toEqual([expect.objectContaining({ field: 'blocks' })]);
  await check('put', '/v1/accounts/acc_doc/auto-reload', `${account}/auto-reload`, support, { enabled: false }, 403, 'application/problem+json');
  expect(seen).toEqual([]);
});

it('a TypeScript client generated from /docs-json (openapi-typescript) types the responses, the errors and the request bodies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billing-client-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(docs));
    execFileSync(process.execPath, [join(__dirname, '../../node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'api.ts')], { stdio: 'pipe' });
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    const program = ts.createProgram([join(dir, 'client.ts')], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A few calls of a generated client. Each @ts-expect-error must meet an error, or the check fails.
const CLIENT = `
import type { components, paths } from './api';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R } ? R : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = Json<Responses<P, M> extends { 200: infer R } ? R : Responses<P, M> extends { 201: infer R } ? R : never>;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Problem = components['schemas']['Problem'];

declare function call<P extends keyof paths, M extends keyof paths[P] & string>(method: M, path: P, body?: Body<P, M>): Promise<Ok<P, M>>;

export async function billingPage(): Promise<string> {
  const billing = await call('get', '/v1/accounts/{accountId}/billing');
  const minutes: number = billing.credits.balanceMinutes;
  const level: 'normal' | 'warning' | 'critical' = billing.autoReload.usageLevel;
  // @ts-expect-error the notice may be null
  const unchecked: string = billing.autoReload.notice.message;
  return \`\${minutes} \${level} \${billing.autoReload.notice?.message ?? ''} \${unchecked}\`;
}

export async function buy(): Promise<string> {
  const started = await call('post', '/v1/accounts/{accountId}/credit-purchases', { blocks: 2 });
  const cents: number = started.total.amount;
  // @ts-expect-error blocks is a number
  await call('post', '/v1/accounts/{accountId}/credit-purchases', { blocks: '2' });
  return started.checkoutUrl + cents;
}

export async function history(): Promise<number> {
  const ledger = await call('get', '/v1/accounts/{accountId}/ledger');
  const kinds: ('purchase' | 'auto_reload' | 'call' | 'refund' | 'dispute_lost')[] = ledger.map((entry) => entry.kind);
  // @ts-expect-error not a kind of ledger entry
  const refund: (typeof ledger)[number]['kind'] = 'chargeback';
  const feed = await call('get', '/v1/events');
  const next: string | null = feed.next;
  return kinds.length + refund.length + (next ?? '').length + feed.events.length;
}

export function explain(problem: Problem): string {
  type BuyError = paths['/v1/accounts/{accountId}/credit-purchases']['post']['responses']['default']['content']['application/problem+json'];
  const same: BuyError = problem;
  const fields: string[] = (same.errors ?? []).map((e) => e.field);
  return \`\${same.status} \${same.code}: \${same.detail} \${fields.join(', ')}\`;
}
`;
