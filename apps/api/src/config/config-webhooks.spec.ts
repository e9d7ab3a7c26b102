import { loadConfig } from './config';

const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/billing', AUTH_JWT_SECRET: 'a-production-secret-of-at-least-32-characters', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };

describe('configuration of downstream webhooks', () => {
  it('defaults: 10 s per delivery, retries from 5 s doubling to at most 1 hour for 3 days, 4 requests at once per endpoint', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks).toMatchObject({
      enabled: true, timeoutMs: 10_000, retry: { baseMs: 5_000, maxDelayMs: 3_600_000, windowMs: 3 * 86_400_000 }, concurrency: 4, rotationGraceMs: 86_400_000,
    });
  });

  it('refuses private and plain-http targets in production unless an operator says otherwise; development allows them', () => {
    expect(loadConfig(PRODUCTION).webhooks.targets).toBe('public');
    expect(loadConfig({ ...PRODUCTION, WEBHOOK_TARGETS: 'any' }).webhooks.targets).toBe('any');
    expect(loadConfig({ NODE_ENV: 'development' }).webhooks.targets).toBe('any');
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_TARGETS: 'public' }).webhooks.targets).toBe('public');
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_TARGETS: 'internal' })).toThrow(/WEBHOOK_TARGETS must be one of public, any/);
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_TIMEOUT_MS: '0' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_CONCURRENCY: '1000' })).toThrow(/WEBHOOK_CONCURRENCY/);
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOKS_ENABLED: 'maybe' })).toThrow(/WEBHOOKS_ENABLED must be true or false/);
  });
});
