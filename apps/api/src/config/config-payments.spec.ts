import { ConfigError, loadConfig, MAX_RETRY_BUDGET_MS } from './config';

describe('configuration of the auto-reload payment process', () => {
  it('defaults: 16 charges at once, retries from 1 s, a 23-hour budget, 10 s per Stripe request', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.autoReload).toEqual({ concurrency: 16, retryBaseMs: 1_000, retryBudgetMs: MAX_RETRY_BUDGET_MS });
    expect(MAX_RETRY_BUDGET_MS).toBe(23 * 3_600_000);
    expect(config.stripe.requestTimeoutMs).toBe(10_000);
  });

  it('tests shorten the budget; a budget reaching Stripe\'s 24-hour key expiry is refused, naming the variable', () => {
    expect(loadConfig({ NODE_ENV: 'test', AUTO_RELOAD_RETRY_BUDGET_MS: '1500' }).autoReload.retryBudgetMs).toBe(1_500);
    expect(() => loadConfig({ NODE_ENV: 'test', AUTO_RELOAD_RETRY_BUDGET_MS: String(24 * 3_600_000) })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', AUTO_RELOAD_RETRY_BUDGET_MS: String(24 * 3_600_000) })).toThrow(/AUTO_RELOAD_RETRY_BUDGET_MS must be an integer from 100 to 82800000/);
    expect(() => loadConfig({ NODE_ENV: 'test', AUTO_RELOAD_CONCURRENCY: '0' })).toThrow(/AUTO_RELOAD_CONCURRENCY/);
    expect(() => loadConfig({ NODE_ENV: 'test', STRIPE_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/STRIPE_REQUEST_TIMEOUT_MS/);
  });
});

describe('the sandbox checkout beside a real secret', () => {
  const SECRET = 'a-real-secret-of-at-least-32-characters!';
  it('runs with the development secret only, whatever NODE_ENV says; beside a configured secret start-up stops, naming the fix', () => {
    expect(loadConfig({}).stripe.secretKey).toBeUndefined(); // development: the sandbox
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      expect(() => loadConfig({ NODE_ENV, AUTH_JWT_SECRET: SECRET })).toThrow(/STRIPE_SECRET_KEY is not set while AUTH_JWT_SECRET or AUTH_JWKS_URL is.*PAYMENTS_SANDBOX=true/);
      expect(() => loadConfig({ NODE_ENV, AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' })).toThrow(/the sandbox checkout/);
    }
  });

  it('a test environment asks for it by name; a Stripe key needs no flag; production never runs it', () => {
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET, PAYMENTS_SANDBOX: 'true' }).stripe.secretKey).toBeUndefined();
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }).stripe.secretKey).toBe('sk_test_x');
    expect(() => loadConfig({ AUTH_JWT_SECRET: SECRET, PAYMENTS_SANDBOX: 'maybe' })).toThrow(/PAYMENTS_SANDBOX must be true or false/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/billing', AUTH_JWT_SECRET: SECRET, PAYMENTS_SANDBOX: 'true' }))
      .toThrow(/STRIPE_SECRET_KEY is required in production/);
  });
});

it('command-line tools (tokens, audits) take no payments: the payment requirements do not stop them', () => {
  const SECRET = 'a-real-secret-of-at-least-32-characters!';
  expect(loadConfig({ AUTH_JWT_SECRET: SECRET }, 'tool').auth.jwtSecret).toBe(SECRET);
  expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/billing', AUTH_JWT_SECRET: SECRET }, 'tool').nodeEnv).toBe('production');
  expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/billing', AUTH_JWT_SECRET: SECRET })).toThrow(/STRIPE_SECRET_KEY is required in production/);
});
