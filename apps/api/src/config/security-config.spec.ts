import { ConfigError, loadConfig } from './config';

// METRICS_TOKEN and RATE_LIMIT_EXPENSIVE_PER_MINUTE: read once, validated, refused with the variable named.
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('METRICS_TOKEN', () => {
  it('is unset by default: /metrics stays open', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).metricsToken).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
  });

  it('is taken as given when it has 16 printable characters or more', () => {
    expect(loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: 'scrape-0123456789' }).metricsToken).toBe('scrape-0123456789');
  });

  it.each([['short', 'fifteen-chars-x'], ['with a space', 'scrape token 0123456789'], ['with a newline', 'scrape-0123456789\n']])('is refused %s, naming the variable', (_why, token) => {
    expect(problemsOf({ METRICS_TOKEN: token })).toEqual(['METRICS_TOKEN must be at least 16 printable characters without spaces']);
  });
});

describe('RATE_LIMIT_EXPENSIVE_PER_MINUTE', () => {
  it('defaults to 30; 0 turns the limit off', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimitExpensivePerMinute).toBe(30);
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }).rateLimitExpensivePerMinute).toBe(0);
  });

  it.each(['-1', '2.5', 'ten', '100001'])('refuses "%s", naming the variable', (value) => {
    expect(problemsOf({ RATE_LIMIT_EXPENSIVE_PER_MINUTE: value })).toEqual([`RATE_LIMIT_EXPENSIVE_PER_MINUTE must be an integer from 0 to 100000, got "${value}"`]);
  });
});

it('refuses a PUBLIC_URL that is not a URL (the CSP names its origin)', () => {
  expect(problemsOf({ PUBLIC_URL: 'http://exa mple.com' })).toEqual(['PUBLIC_URL is not a valid URL']);
});
