import { currentCorrelationId } from '@billing/api/logging/request-context';
import { startTestApi, type TestApi } from '../support/api';

// The service's own app (app.ts): a line logged deep inside a request's handling (here the command
// handler's warning about a reused call id) is written inside that request's correlation context.
let api: TestApi;
const seen: Array<{ msg: string; bound: string | undefined }> = [];
beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  const entry = api.runtime.logger.entry.bind(api.runtime.logger);
  jest.spyOn(api.runtime.logger, 'entry').mockImplementation((level, msg, fields) => {
    seen.push({ msg, bound: currentCorrelationId() });
    entry(level, msg, fields);
  });
});
afterAll(async () => {
  await api?.close();
});

it("a warning written by a command handler is bound to the request's X-Correlation-Id", async () => {
  const service = { Authorization: `Bearer ${await api.token('service')}` };
  await api.http().post('/v1/accounts').set(service).send({ accountId: 'acc_log', plan: 'free' }).expect(201);
  const call = (durationSeconds: number, correlationId: string) => api.http().post('/v1/accounts/acc_log/calls').set(service).set('X-Correlation-Id', correlationId)
    .send({ callId: 'call_log_1', durationSeconds, endedAt: '2026-01-01T00:00:00.000Z' });
  await call(60, 'cid-first').expect(201);
  await call(90, 'cid-repeat').expect(200); // same call id, another duration: answered, and logged
  const warning = seen.find((line) => line.msg.startsWith('call id already recorded'));
  expect(warning?.bound).toBe('cid-repeat');
  expect(currentCorrelationId()).toBeUndefined(); // and nothing leaks out of the request
});

it('LOG_REQUEST_CONTEXT=false: no binding (lines carry only the ids they name, as before)', async () => {
  const off = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false', LOG_REQUEST_CONTEXT: 'false' });
  try {
    const bound: Array<string | undefined> = [];
    jest.spyOn(off.runtime.logger, 'entry').mockImplementation(() => void bound.push(currentCorrelationId()));
    await off.http().get('/v1/accounts/nobody').set('X-Correlation-Id', 'cid-off').set('Authorization', `Bearer ${await off.token('service')}`);
    expect(bound.length).toBeGreaterThan(0); // at least the request line
    expect(bound.every((id) => id === undefined)).toBe(true);
  } finally {
    await off.close();
  }
});
