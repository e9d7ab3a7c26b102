/**
 * How bearer tokens are verified. Exactly one way at a time:
 * - an identity provider's key set (AUTH_JWKS_URL): RS256/ES256 tokens only, AUTH_JWT_SECRET must be unset;
 * - a shared HS256 secret (AUTH_JWT_SECRET);
 * - neither: the development secret, which is public (it is in this repository) — the only case in which
 *   the development login exists, and refused in production.
 */
export interface AuthConfig {
  /** The HS256 secret; undefined when the identity provider's keys verify tokens. */
  jwtSecret: string | undefined;
  /** No secret and no key set configured: tokens are signed with the (public) development secret. */
  usingDevelopmentSecret: boolean;
  jwks: { url: string; cacheMaxAgeMs: number } | undefined;
  /** Checked against `iss` when set. */
  issuer: string | undefined;
  /** `aud` must name one of these when set. */
  audience: string[] | undefined;
  /** The claims that carry the role and the account (identity providers name them their own way). */
  roleClaim: string;
  accountClaim: string;
}

export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

/** Claims the verifier reads for itself: a role or account claim may not reuse them. */
const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

type Env = Record<string, string | undefined>;

export function readAuthConfig(env: Env, production: boolean, problems: string[]): AuthConfig {
  const secret = env.AUTH_JWT_SECRET;
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || undefined;
  if (jwksUrl) {
    checkJwksUrl(jwksUrl, production, problems);
    if (secret !== undefined) {
      problems.push('AUTH_JWT_SECRET must be unset with AUTH_JWKS_URL: only the identity provider\'s keys verify tokens then');
    }
  } else if (production && (!secret || secret === DEVELOPMENT_JWT_SECRET)) {
    problems.push('AUTH_JWT_SECRET must be set to a real secret in production (or AUTH_JWKS_URL to an identity provider\'s key set)');
  } else if (secret !== undefined && secret.length < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  }

  const issuer = word(env, 'AUTH_ISSUER', 2_048, problems);
  const audienceRaw = env.AUTH_AUDIENCE?.trim() || undefined;
  const audience = audienceRaw?.split(',').map((value) => value.trim());
  if (audience && audience.some((value) => !value || /\s/.test(value))) {
    problems.push('AUTH_AUDIENCE must be one audience or a comma-separated list of them, without spaces inside');
  }
  // An identity provider signs tokens for every application it serves with the same keys: without
  // iss and aud, a token it issued for another application would be accepted here.
  if (jwksUrl && !issuer) problems.push('AUTH_ISSUER is required with AUTH_JWKS_URL (the identity provider\'s issuer, its "iss")');
  if (jwksUrl && !audience) problems.push('AUTH_AUDIENCE is required with AUTH_JWKS_URL (this service\'s audience, the tokens\' "aud")');

  const roleClaim = claimName(env, 'AUTH_ROLE_CLAIM', 'role', problems);
  const accountClaim = claimName(env, 'AUTH_ACCOUNT_CLAIM', 'accountId', problems);
  if (roleClaim === accountClaim) problems.push('AUTH_ROLE_CLAIM and AUTH_ACCOUNT_CLAIM must name different claims');

  const cacheSeconds = env.AUTH_JWKS_CACHE_SECONDS;
  let cacheMaxAgeMs = 600_000;
  if (cacheSeconds !== undefined && cacheSeconds !== '') {
    const value = Number(cacheSeconds);
    if (!Number.isInteger(value) || value < 1 || value > 86_400) {
      problems.push(`AUTH_JWKS_CACHE_SECONDS must be an integer from 1 to 86400, got "${cacheSeconds}"`);
    } else {
      cacheMaxAgeMs = value * 1000;
    }
  }

  const jwtSecret = jwksUrl ? undefined : (secret ?? DEVELOPMENT_JWT_SECRET);
  return {
    jwtSecret,
    // Set to anything (even the development secret's own value) is configured: no development login then.
    usingDevelopmentSecret: secret === undefined && !jwksUrl,
    jwks: jwksUrl ? { url: jwksUrl, cacheMaxAgeMs } : undefined,
    issuer,
    audience: audience && audience.length ? audience : undefined,
    roleClaim,
    accountClaim,
  };
}

function checkJwksUrl(raw: string, production: boolean, problems: string[]): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`AUTH_JWKS_URL must be an absolute URL, got "${raw}"`);
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('AUTH_JWKS_URL must be an http(s) URL');
  else if (production && url.protocol !== 'https:') problems.push('AUTH_JWKS_URL must be https in production (the keys decide who may do anything)');
  if (url.username || url.password) problems.push('AUTH_JWKS_URL must not carry credentials');
}

function word(env: Env, name: string, maxLength: number, problems: string[]): string | undefined {
  const value = env[name]?.trim() || undefined;
  if (value !== undefined && (value.length > maxLength || /\s/.test(value))) {
    problems.push(`${name} must be at most ${maxLength} characters without spaces`);
  }
  return value;
}

function claimName(env: Env, name: string, fallback: string, problems: string[]): string {
  const value = word(env, name, 256, problems) ?? fallback;
  if (REGISTERED_CLAIMS.includes(value)) problems.push(`${name} must not be a registered claim (${REGISTERED_CLAIMS.join(', ')}), got "${value}"`);
  return value;
}
