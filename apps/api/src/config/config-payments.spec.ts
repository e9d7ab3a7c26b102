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
