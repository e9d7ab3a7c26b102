import { errors, type JWTHeaderParameters, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '@billing/domain';
import type { AuthConfig } from '../config/auth-config';
import { ProblemError, unauthenticated } from '../http/problem';
import type { Principal } from './principal';
import { KeysUnavailable, remoteKeys, secretKeys, type TokenKeys } from './token-keys';

/** Clocks differ between the identity provider and us: exp and nbf are checked with this much slack. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** What the verifier needs from AuthConfig (the claim names default to `role` and `accountId`). */
export type VerifierConfig = Pick<AuthConfig, 'jwtSecret' | 'jwks' | 'issuer' | 'audience'> & Partial<Pick<AuthConfig, 'roleClaim' | 'accountClaim'>>;

export interface TokenVerifier {
  /** Verifies `Authorization: Bearer <JWT>`: signature, exp (required), nbf, iss and aud when configured, and our claims. */
  verify(token: string): Promise<Principal>;
}

interface Remembered {
  principal: Principal;
  header: JWTHeaderParameters;
  /** The key object that verified it: the entry counts only while the same key would verify it now. */
  key: unknown;
  /** exp + tolerance: what a fresh verification would still accept, and not a moment longer. */
  untilMs: number;
}

const VERIFIED_CAPACITY = 1_000;

/**
 * One verifier per configuration (the guard makes it once). It remembers tokens it verified lately: a
 * service token is sent with every call end, and checking its signature again each time cost ~4 % of the
 * API's CPU. Only the exact token string hits (a tampered one never does), never past exp + tolerance, and
 * only while the key that verified it is still the one its header selects — a rotated-out or removed key of
 * the identity provider ends it, and another configuration is another verifier with its own memory.
 */
export function createTokenVerifier(config: VerifierConfig): TokenVerifier {
  if (!config.jwks && config.jwtSecret === undefined) throw new Error('a token verifier needs a secret or a key set');
  const keys = config.jwks ? remoteKeys(config.jwks.url, config.jwks.cacheMaxAgeMs) : secretKeys(config.jwtSecret as string);
  const claims = { role: config.roleClaim ?? 'role', account: config.accountClaim ?? 'accountId' };
  const verified = new Map<string, Remembered>();

  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (Date.now() < known.untilMs && (await currentKey(keys, known.header)) === known.key) return known.principal;
        verified.delete(token);
      }
      const { principal, header, key, payload } = await verifyAndRead(token, keys, config, claims);
      if (verified.size >= VERIFIED_CAPACITY) verified.delete(verified.keys().next().value as string);
      // shared by every request that sends it
      verified.set(token, { principal: Object.freeze(principal), header, key, untilMs: ((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000 });
      return principal;
    },
  };
}

async function currentKey(keys: TokenKeys, header: JWTHeaderParameters): Promise<unknown> {
  try {
    return await keys.current(header);
  } catch (error) {
    if (error instanceof KeysUnavailable) throw keysUnavailable();
    return undefined; // the key is gone: verify afresh, which refuses it
  }
}

async function verifyAndRead(token: string, keys: TokenKeys, config: VerifierConfig, claims: { role: string; account: string }) {
  let payload: JWTPayload;
  let header: JWTHeaderParameters;
  let key: unknown;
  try {
    const result = await jwtVerify(token, keys.key as Parameters<typeof jwtVerify>[1], {
      algorithms: keys.algorithms,
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    });
    ({ payload, protectedHeader: header } = result);
    key = 'key' in result ? result.key : keys.key;
  } catch (error) {
    throw refusal(error, keys);
  }
  const role = payload[claims.role];
  if (typeof payload.sub !== 'string' || !payload.sub) throw unauthenticated('The token has no subject (sub).');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw unauthenticated(`The token's ${claims.role} claim must be one of ${ROLES.join(', ')}.`);
  }
  const rawAccount = payload[claims.account];
  const accountId = typeof rawAccount === 'string' && rawAccount ? rawAccount : undefined;
  if ((role === 'admin' || role === 'editor') && !accountId) throw unauthenticated(`A ${role} token must name its account (${claims.account} claim).`);
  const principal: Principal = { sub: payload.sub, role: role as Role, ...(accountId ? { accountId } : {}) };
  return { principal, header, key, payload };
}

/** Why a token is refused, in words its holder can act on (401), or 503 when the key set is out of reach. */
function refusal(error: unknown, keys: TokenKeys): ProblemError {
  if (error instanceof KeysUnavailable) return keysUnavailable();
  if (error instanceof errors.JWTExpired) return unauthenticated('The token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return unauthenticated('The token has no valid expiry (exp): tokens must expire.');
    if (error.claim === 'nbf') return unauthenticated('The token is not valid yet (nbf).');
    if (error.claim === 'iss') return unauthenticated('The token was not issued by the expected issuer (iss).');
    if (error.claim === 'aud') return unauthenticated('The token is not meant for this service (aud).');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated(`The token's algorithm (alg) must be ${keys.algorithms.join(' or ')}.`);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return unauthenticated('The token is not signed by a key of the identity provider\'s key set (kid).');
  }
  return unauthenticated('The token is not valid.');
}

const keysUnavailable = () =>
  new ProblemError(503, 'AUTH.KEYS_UNAVAILABLE', 'The identity provider\'s keys cannot be fetched just now; try again shortly.', undefined, { 'Retry-After': '5' });

export interface TokenRequest {
  sub: string;
  role: Role;
  accountId?: string;
  /** Lifetime, e.g. '15m' or '1h' (the default). Every token expires. */
  expiresIn?: string;
}

/** How tokens are shaped where this service checks more than the signature (all optional). */
export interface SigningOptions {
  issuer?: string;
  audience?: string;
  roleClaim?: string;
  accountClaim?: string;
}

/** Signs an HS256 token (development login, `npm run token`, tests; production tokens come from the identity provider). */
export function signToken(request: TokenRequest, secret: string, options: SigningOptions = {}): Promise<string> {
  const claims: Record<string, string> = { [options.roleClaim ?? 'role']: request.role };
  if (request.accountId) claims[options.accountClaim ?? 'accountId'] = request.accountId;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '1h');
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** Signs with the configured secret, shaped as the configured verifier expects (iss, aud, claim names). */
export function signTokenFor(request: TokenRequest, auth: AuthConfig): Promise<string> {
  if (auth.jwtSecret === undefined) throw new Error('AUTH_JWKS_URL is set: only the identity provider issues tokens this service accepts');
  return signToken(request, auth.jwtSecret, {
    issuer: auth.issuer,
    audience: auth.audience?.[0],
    roleClaim: auth.roleClaim,
    accountClaim: auth.accountClaim,
  });
}
