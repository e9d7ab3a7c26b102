import type { Role } from '../api/types';

const TOKEN_KEY = 'billing.console.token';
const SESSION_KEY = 'billing.console.session';
/** Why the last session ended (expired, refused): the login page says it. Per tab, like the page itself. */
const ENDED_KEY = 'billing.console.ended';

/** Who the token makes the user, as the API verified it (GET /v1/auth/session), and when it expires. */
export interface Claims {
  sub: string;
  role: Role;
  accountId: string | null;
  /** The token's exp, seconds since the epoch. */
  exp: number | null;
}

export const readToken = (): string | null => localStorage.getItem(TOKEN_KEY);

export function storeSession(token: string, claims: Claims): void {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(SESSION_KEY, JSON.stringify(claims));
  sessionStorage.removeItem(ENDED_KEY);
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(SESSION_KEY);
}

/** Ends the session, saying why on the login page. */
export function endSession(why: string): void {
  // Requests still in flight (or sent without a token) after the session ended are refused too: the
  // first reason is the one to show.
  if (readToken() === null && endedBecause() !== null) return;
  clearToken();
  sessionStorage.setItem(ENDED_KEY, why);
}

export const endedBecause = (): string | null => sessionStorage.getItem(ENDED_KEY);

/** The token's exp, read (not verified: the API verifies every request); null when it has none. */
export function expiryOf(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

/** The stored session, whether or not it has expired. */
export function storedClaims(): Claims | null {
  const raw = localStorage.getItem(SESSION_KEY);
  if (!raw || !readToken()) return null;
  try {
    const claims = JSON.parse(raw) as Claims;
    return typeof claims.sub === 'string' && typeof claims.role === 'string' ? claims : null;
  } catch {
    return null;
  }
}

export const hasExpired = (claims: Pick<Claims, 'exp'>, nowMs = Date.now()): boolean => claims.exp === null || claims.exp * 1000 <= nowMs;

/** The session while it lasts. */
export function currentClaims(): Claims | null {
  const claims = storedClaims();
  return claims && !hasExpired(claims) ? claims : null;
}

/** Where each role starts: Administrators and Editors on their billing page, staff on the accounts list. */
export function homeOf(claims: Pick<Claims, 'role' | 'accountId'>): string {
  return (claims.role === 'admin' || claims.role === 'editor') && claims.accountId
    ? `/accounts/${encodeURIComponent(claims.accountId)}/billing`
    : '/accounts';
}

export const SESSION_EXPIRED = 'Your session has expired. Log in again to continue.';
