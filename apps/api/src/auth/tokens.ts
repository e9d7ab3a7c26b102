import { createSecretKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '@billing/domain';
import { unauthenticated } from '../http/problem';
import type { Principal } from './principal';

const ALGORITHM = 'HS256';

/** The secret as a key object, made once: every request verifies a token with it. */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/**
 * Tokens verified lately, until their expiry: a service token is sent with every call end, and checking
 * its signature again each time cost ~4 % of the API's CPU. Only the exact token string hits (a
 * tampered one never does), only tokens with an expiry are kept, and never past it.
 */
const verified = new Map<string, { principal: Principal; key: KeyObject; expiresAtMs: number }>();
const VERIFIED_CAPACITY = 1_000;

/** Verifies `Authorization: Bearer <JWT>` (HS256): signature, expiry, and the claims we rely on. */
export async function verifyToken(token: string, secret: string): Promise<Principal> {
  const key = keyOf(secret);
  const known = verified.get(token);
  if (known && known.key === key && Date.now() < known.expiresAtMs) return known.principal;
  verified.delete(token);
  const { principal, expiresAtMs } = await verifyAndRead(token, key);
  if (expiresAtMs !== undefined) {
    if (verified.size >= VERIFIED_CAPACITY) verified.delete(verified.keys().next().value as string);
    verified.set(token, { principal: Object.freeze(principal), key, expiresAtMs }); // shared by every request that sends it
  }
  return principal;
}

async function verifyAndRead(token: string, key: KeyObject): Promise<{ principal: Principal; expiresAtMs?: number }> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, { algorithms: [ALGORITHM] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthenticated('The token has expired.');
    throw unauthenticated('The token is not valid.');
  }
  const role = payload.role;
  if (typeof payload.sub !== 'string' || !payload.sub) throw unauthenticated('The token has no subject (sub).');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw unauthenticated(`The token's role must be one of ${ROLES.join(', ')}.`);
  }
  const accountId = typeof payload.accountId === 'string' && payload.accountId ? payload.accountId : undefined;
  if ((role === 'admin' || role === 'editor') && !accountId) throw unauthenticated(`A ${role} token must name its accountId.`);
  const principal: Principal = { sub: payload.sub, role: role as Role, ...(accountId ? { accountId } : {}) };
  return { principal, expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined };
}

export interface TokenRequest {
  sub: string;
  role: Role;
  accountId?: string;
  /** Lifetime, e.g. '1h' or '7d'. */
  expiresIn?: string;
}

/** Signs a token (development tools and tests; production tokens come from the identity provider). */
export function signToken(request: TokenRequest, secret: string): Promise<string> {
  const claims: Record<string, string> = { role: request.role };
  if (request.accountId) claims.accountId = request.accountId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(secret));
}
