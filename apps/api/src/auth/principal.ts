import type { Role } from '@billing/domain';

/** Who is calling, from a verified token. Administrators and Editors belong to one account. */
export interface Principal {
  sub: string;
  role: Role;
  accountId?: string;
}

export const STAFF_ROLES: readonly Role[] = ['support', 'auditor'];
