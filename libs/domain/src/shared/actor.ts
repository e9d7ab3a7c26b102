/**
 * Who acts. `role` is the actor's role on the account concerned (the API resolves it):
 * `service` is our own backend (webhooks, the auto-reload payment process, the call platform).
 */
export type Role = 'admin' | 'editor' | 'support' | 'auditor' | 'service';

export const ROLES: readonly Role[] = ['admin', 'editor', 'support', 'auditor', 'service'];

export interface Actor {
  id: string;
  role: Role;
}
