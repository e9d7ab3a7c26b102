import type { AuthProvider } from 'react-admin';
import type { Role } from '../api/types';
import { apiJson, problemOf } from '../api/http';
import { clearToken, currentClaims, endSession, expiryOf, hasExpired, homeOf, SESSION_EXPIRED, storeSession, storedClaims } from './token';

export interface Permissions {
  role: Role;
  accountId: string | null;
}

/** Either a pasted token or a development login (POST /v1/dev/token, which exists only with the development secret). */
export type LoginParams = { token: string } | { role: Role; accountId?: string };

const CONSOLE_ROLES: Role[] = ['admin', 'editor', 'support', 'auditor'];

/** react-admin shows no notification for this rejection: the login page says why the session ended. */
const quietly = (): Error => Object.assign(new Error(), { message: false as unknown as string });

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    const token =
      'token' in params
        ? params.token.trim()
        : (await apiJson<{ token: string }>('/v1/dev/token', { method: 'POST', body: JSON.stringify({ role: params.role, accountId: params.accountId || undefined }) })).token;
    if (token.split('.').length !== 3) throw new Error('This is not a billing API token (a JWT: three parts separated by dots).');
    // The API verifies the token and says who it makes you, whatever its claims are called.
    let session: Permissions & { sub: string };
    try {
      session = await apiJson('/v1/auth/session', { headers: { Authorization: `Bearer ${token}` } });
    } catch (error) {
      const problem = problemOf(error);
      throw new Error(problem?.status === 401 ? `This token was refused: ${problem.detail ?? 'not valid'}` : (error as Error).message);
    }
    if (!CONSOLE_ROLES.includes(session.role)) throw new Error(`The ${session.role} role has no console; use an administrator, editor, support or auditor token.`);
    const claims = { sub: session.sub, role: session.role, accountId: session.accountId, exp: expiryOf(token) };
    if (hasExpired(claims)) throw new Error('This token has expired.');
    storeSession(token, claims);
    return { redirectTo: homeOf(claims) };
  },
  async logout() {
    clearToken();
  },
  async checkAuth() {
    const claims = storedClaims();
    if (!claims) throw new Error('Please log in.');
    if (hasExpired(claims)) {
      endSession(SESSION_EXPIRED);
      throw quietly();
    }
  },
  async checkError(error: { status?: number }) {
    // 401: the token expired or is refused now, log out and say so. 403 is a refusal to show, not a reason to log out.
    if (error?.status === 401) {
      const detail = problemOf(error)?.detail;
      endSession(`The API refused your token${detail ? ` (${detail.replace(/\.$/, '')})` : ''}. Log in again to continue.`);
      throw quietly();
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
