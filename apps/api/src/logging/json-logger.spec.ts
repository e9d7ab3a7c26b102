import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonLogger } from './json-logger';
import { bindRequestLogContext, type RawRequest, withCorrelationId } from './request-context';

type Line = Record<string, unknown>;

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug') {
  const raw: string[] = [];
  const logger = new JsonLogger(level, (line) => raw.push(line));
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Line) };
}

describe('JsonLogger on pino — the line shape', () => {
  it('one JSON object per line: level as a word, time in ISO 8601, msg, the fields; no pid or hostname', () => {
    const { logger, raw, lines } = capture();
    logger.entry('warn', 'payment slow', { accountId: 'acc_1', ms: 12 });
    expect(raw[0].endsWith('\n')).toBe(true);
    expect(lines()[0]).toEqual({ level: 'warn', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), msg: 'payment slow', accountId: 'acc_1', ms: 12 });
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.entry('info', 'no');
    logger.debug('no');
    logger.error('yes');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([['error', 'yes']]);
  });

  it("takes Nest's calls: (message, context), (message, stack, context), an Error, an object; no duplicate keys", () => {
    const { logger, raw, lines } = capture();
    logger.log('Mapped {/v1, GET} route', 'RouterExplorer');
    logger.error('failed', 'Error: x\n    at y', 'ExceptionsHandler');
    logger.warn(new Error('boom'));
    logger.verbose({ msg: 'from an object', level: 'fatal', time: 0, extra: 1 }, 'Ctx');
    expect(lines()).toMatchObject([
      { level: 'info', msg: 'Mapped {/v1, GET} route', context: 'RouterExplorer' },
      { level: 'error', msg: 'failed', stack: 'Error: x\n    at y', context: 'ExceptionsHandler' },
      { level: 'warn', msg: 'boom', error: 'Error', stack: expect.stringContaining('Error: boom') },
      { level: 'debug', msg: 'from an object', context: 'Ctx', extra: 1 },
    ]);
    expect(raw[3].match(/"(msg|level|time)":/g)).toEqual(['"level":', '"time":', '"msg":']);
  });
});

describe('JsonLogger on pino — the correlation id', () => {
  it("inside a request's context every line has it, outside none; an explicit one wins and is written once", () => {
    const { logger, raw, lines } = capture();
    logger.entry('info', 'outside');
    withCorrelationId('cid-1', () => {
      logger.entry('info', 'inside');
      logger.log('nest line inside');
      logger.entry('info', 'explicit', { correlationId: 'cid-other' });
    });
    expect(lines().map((l) => l.correlationId)).toEqual([undefined, 'cid-1', 'cid-1', 'cid-other']);
    expect(raw[3].match(/correlationId/g)).toHaveLength(1);
  });

  it('the binding uses the id an earlier layer stored on the raw request, else the sane header, else a new one', () => {
    const { logger, lines } = capture();
    const run = (request: Partial<RawRequest>) => {
      bindRequestLogContext(request as RawRequest & IncomingMessage, {} as ServerResponse, () => logger.entry('info', 'x'));
      return request.correlationId;
    };
    expect(run({ correlationId: 'set-first', headers: { 'x-correlation-id': 'header' } })).toBe('set-first');
    expect(run({ headers: { 'x-correlation-id': 'from-header' } })).toBe('from-header');
    expect(run({ headers: { 'x-correlation-id': 'not sane <script>' } })).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().map((l) => l.correlationId).slice(0, 2)).toEqual(['set-first', 'from-header']);
  });
});

describe('JsonLogger on pino — redaction', () => {
  const bearer = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNlY3JldA';
  const secrets = [bearer, 't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd', 'session=s3cr3t', '4242424242424242', '123', 'sk_live_abc'];

  it('Authorization, Stripe-Signature and Cookie headers, wherever a request or its headers are logged', () => {
    const { logger, raw, lines } = capture();
    const headers = { authorization: `Bearer ${bearer}`, 'stripe-signature': secrets[1], cookie: secrets[2], 'content-type': 'application/json' };
    logger.entry('info', 'webhook', { headers });
    logger.entry('info', 'request', { req: { method: 'POST', headers } });
    logger.entry('info', 'request', { request: { headers } });
    logger.entry('info', 'flat', { authorization: `Bearer ${bearer}`, 'stripe-signature': secrets[1], cookie: secrets[2] });
    for (const line of raw) for (const secret of secrets.slice(0, 3)) expect(line).not.toContain(secret);
    expect(lines()[0]).toMatchObject({ headers: { authorization: '[Redacted]', 'stripe-signature': '[Redacted]', cookie: '[Redacted]', 'content-type': 'application/json' } });
    expect(headers.authorization).toBe(`Bearer ${bearer}`); // the caller's object is left as it was
  });

  it('card data: card objects, payment_method_details.card, fields named like a PAN, cvc and expiry', () => {
    const { logger, raw, lines } = capture();
    logger.entry('info', 'charge', { card: { number: secrets[3], cvc: secrets[4], exp_month: 12, exp_year: 2030 } });
    logger.entry('info', 'charge', { charge: { payment_method_details: { card: { last4: '4242', number: secrets[3] } } } });
    logger.entry('info', 'charge', { payment_method_details: { card: { number: secrets[3] } }, pan: secrets[3], cardNumber: secrets[3], cvc: secrets[4] });
    logger.entry('info', 'charge', { source: { card_number: secrets[3], cvv: secrets[4], exp_year: 2030 } });
    for (const line of raw) {
      expect(line).not.toContain(secrets[3]);
      expect(line).not.toContain('"123"');
      expect(line).not.toContain('2030');
    }
    expect(lines()[2]).toMatchObject({ payment_method_details: { card: '[Redacted]' }, pan: '[Redacted]', cvc: '[Redacted]' });
  });

  it('a bearer token or a JWT in a message or an error string', () => {
    const { logger, raw, lines } = capture();
    logger.entry('warn', `rejected Authorization: Bearer ${bearer}`, { error: `token ${bearer} expired` });
    logger.error(`bearer ${secrets[5]} refused`);
    for (const line of raw) {
      expect(line).not.toContain(bearer);
      expect(line).not.toContain(secrets[5]);
    }
    expect(lines()[0]).toMatchObject({ msg: 'rejected Authorization: Bearer [Redacted]', error: 'token [Redacted] expired' });
    expect(lines()[1].msg).toBe('bearer [Redacted] refused');
  });
});
