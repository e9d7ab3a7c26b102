import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

const SECRET = 'an-operators-real-secret-of-at-least-32-chars';
const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/billing', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
const IDP = { AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json', AUTH_ISSUER: 'https://id.example.com/', AUTH_AUDIENCE: 'billing-api' };

// Auth alone: these environments keep the sandbox checkout (config-payments.spec.ts tests that rule).
const load = (env: Record<string, string | undefined>) => loadConfig({ PAYMENTS_SANDBOX: 'true', ...env });

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('how tokens are verified, from the environment', () => {
  it('uses the development secret (and so the development login) only when no secret and no key set is configured', () => {
    expect(load({}).auth).toMatchObject({ jwtSecret: DEVELOPMENT_JWT_SECRET, usingDevelopmentSecret: true, jwks: undefined });
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      expect(load({ NODE_ENV, AUTH_JWT_SECRET: SECRET }).auth).toMatchObject({ jwtSecret: SECRET, usingDevelopmentSecret: false });
    }
    expect(load({ ...PRODUCTION, AUTH_JWT_SECRET: SECRET }).auth.usingDevelopmentSecret).toBe(false);
    // Configured is configured, even to the development secret's own value (main.ts warns about that one).
    expect(load({ AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET }).auth).toMatchObject({ jwtSecret: DEVELOPMENT_JWT_SECRET, usingDevelopmentSecret: false });
    expect(load({ ...PRODUCTION, ...IDP }).auth).toMatchObject({
      jwtSecret: undefined, usingDevelopmentSecret: false, jwks: { url: IDP.AUTH_JWKS_URL, cacheMaxAgeMs: 600_000 },
      issuer: 'https://id.example.com/', audience: ['billing-api'], roleClaim: 'role', accountClaim: 'accountId',
    });
  });

  it('refuses production without a real secret or a key set, naming the variables', () => {
    expect(problemsOf(PRODUCTION)).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET must be set to a real secret in production \(or AUTH_JWKS_URL/)]);
    expect(problemsOf({ ...PRODUCTION, AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toHaveLength(1);
    expect(problemsOf({ AUTH_JWT_SECRET: 'short' })).toEqual(['AUTH_JWT_SECRET must be at least 32 characters']);
  });

  it('validates the key set URL: absolute, http(s), https in production, no credentials, not with a secret', () => {
    expect(problemsOf({ ...IDP, AUTH_JWKS_URL: 'id.example.com/jwks' })).toEqual(['AUTH_JWKS_URL must be an absolute URL, got "id.example.com/jwks"']);
    expect(problemsOf({ ...IDP, AUTH_JWKS_URL: 'ftp://id.example.com/jwks' })).toEqual(['AUTH_JWKS_URL must be an http(s) URL']);
    expect(problemsOf({ ...IDP, AUTH_JWKS_URL: 'http://127.0.0.1:9999/jwks' })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, ...IDP, AUTH_JWKS_URL: 'http://id.example.com/jwks' })).toEqual([expect.stringMatching(/^AUTH_JWKS_URL must be https in production/)]);
    expect(problemsOf({ ...IDP, AUTH_JWKS_URL: 'https://user:pw@id.example.com/jwks' })).toEqual(['AUTH_JWKS_URL must not carry credentials']);
    expect(problemsOf({ ...IDP, AUTH_JWT_SECRET: SECRET })).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET must be unset with AUTH_JWKS_URL/)]);
  });

  it('requires the issuer and the audience with a key set (its keys sign for other applications too)', () => {
    expect(problemsOf({ AUTH_JWKS_URL: IDP.AUTH_JWKS_URL })).toEqual([
      expect.stringMatching(/^AUTH_ISSUER is required with AUTH_JWKS_URL/),
      expect.stringMatching(/^AUTH_AUDIENCE is required with AUTH_JWKS_URL/),
    ]);
    expect(load({ AUTH_JWT_SECRET: SECRET, AUTH_AUDIENCE: 'billing, billing-staging' }).auth.audience).toEqual(['billing', 'billing-staging']);
    expect(problemsOf({ AUTH_AUDIENCE: 'billing,,other' })).toEqual([expect.stringMatching(/^AUTH_AUDIENCE must be one audience or a comma-separated list/)]);
    expect(problemsOf({ AUTH_ISSUER: 'https://id.example.com/ x' })).toEqual(['AUTH_ISSUER must be at most 2048 characters without spaces']);
  });

  it('takes claim names that are not registered claims and differ from each other', () => {
    expect(load({ AUTH_ROLE_CLAIM: 'https://billing.example.com/role', AUTH_ACCOUNT_CLAIM: 'org_id' }).auth).toMatchObject({
      roleClaim: 'https://billing.example.com/role', accountClaim: 'org_id',
    });
    expect(problemsOf({ AUTH_ROLE_CLAIM: 'sub' })).toEqual([expect.stringMatching(/^AUTH_ROLE_CLAIM must not be a registered claim/)]);
    expect(problemsOf({ AUTH_ACCOUNT_CLAIM: 'role' })).toEqual(['AUTH_ROLE_CLAIM and AUTH_ACCOUNT_CLAIM must name different claims']);
    expect(problemsOf({ ...IDP, AUTH_JWKS_CACHE_SECONDS: '0' })).toEqual(['AUTH_JWKS_CACHE_SECONDS must be an integer from 1 to 86400, got "0"']);
    expect(load({ ...IDP, AUTH_JWKS_CACHE_SECONDS: '60' }).auth.jwks?.cacheMaxAgeMs).toBe(60_000);
  });
});
