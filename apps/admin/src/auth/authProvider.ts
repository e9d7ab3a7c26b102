import type { AuthProvider } from 'react-admin';
import type { Role } from '../api/types';
import { apiJson } from '../api/http';
import { clearToken, currentClaims, decodeClaims, homeOf, storeToken } from './token';

export interface Permissions {
  role: Role;
  accountId: string | null;
}

/** Either a pasted token (production) or a development login (POST /v1/dev/token, absent in production). */
export type LoginParams = { token: string } | { role: Role; accountId?: string };

const CONSOLE_ROLES: Role[] = ['admin', 'editor', 'support', 'auditor'];

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    const token =
      'token' in params
        ? params.token.trim()
        : (await apiJson<{ token: string }>('/v1/dev/token', { method: 'POST', body: JSON.stringify({ role: params.role, accountId: params.accountId || undefined }) })).token;
    const claims = decodeClaims(token);
    if (!claims) throw new Error('This is not a billing API token.');
    if (!CONSOLE_ROLES.includes(claims.role)) throw new Error(`The ${claims.role} role has no console; use an administrator, editor, support or auditor token.`);
    if (claims.exp !== null && claims.exp * 1000 <= Date.now()) throw new Error('This token has expired.');
    storeToken(token);
    return { redirectTo: homeOf(claims) };
  },
  async logout() {
    clearToken();
  },
  async checkAuth() {
    if (!currentClaims()) throw new Error('Please log in.');
  },
  async checkError(error: { status?: number }) {
    // 401: the token is gone or expired, log out. 403 is a refusal to show, not a reason to log out.
    if (error?.status === 401) {
      clearToken();
      throw new Error('Your session has ended; please log in again.');
    }
  },
  async getPermissions(): Promise<Permissions | undefined> {
    const claims = currentClaims();
    return claims ? { role: claims.role, accountId: claims.accountId } : undefined;
  },
  async getIdentity() {
    const claims = currentClaims();
    if (!claims) throw new Error('Not logged in.');
    return { id: claims.sub, fullName: claims.accountId ? `${roleLabel(claims.role)} · ${claims.accountId}` : roleLabel(claims.role) };
  },
};

export function roleLabel(role: Role): string {
  return { admin: 'Administrator', editor: 'Editor', support: 'Support', auditor: 'Auditor', service: 'Service' }[role];
}
