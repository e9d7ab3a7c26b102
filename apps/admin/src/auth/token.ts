import type { Role } from '../api/types';

const KEY = 'billing.console.token';

export interface Claims {
  sub: string;
  role: Role;
  accountId: string | null;
  exp: number | null;
}

export const readToken = (): string | null => localStorage.getItem(KEY);
export const storeToken = (token: string): void => localStorage.setItem(KEY, token);
export const clearToken = (): void => localStorage.removeItem(KEY);

/** The JWT's payload, read (not verified: the API verifies every request). */
export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const payload = JSON.parse(json) as Partial<Claims> & { accountId?: string | null };
    if (typeof payload.role !== 'string' || typeof payload.sub !== 'string') return null;
    return { sub: payload.sub, role: payload.role, accountId: payload.accountId ?? null, exp: typeof payload.exp === 'number' ? payload.exp : null };
  } catch {
    return null;
  }
}

export function currentClaims(): Claims | null {
  const token = readToken();
  const claims = token ? decodeClaims(token) : null;
  if (!claims || (claims.exp !== null && claims.exp * 1000 <= Date.now())) return null;
  return claims;
}

/** Where each role starts: Administrators and Editors on their billing page, staff on the accounts list. */
export function homeOf(claims: Pick<Claims, 'role' | 'accountId'>): string {
  return (claims.role === 'admin' || claims.role === 'editor') && claims.accountId
    ? `/accounts/${encodeURIComponent(claims.accountId)}/billing`
    : '/accounts';
}
