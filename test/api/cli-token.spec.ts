import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenVerifier } from '@billing/api/auth/tokens';

// `npm run token` as an operator runs it (the built CLI): a token the service accepts, and always with exp.
const CLI = join(__dirname, '../../apps/api/dist/cli/token.js');
const SECRET = 'an-operators-real-secret-of-at-least-32-chars';
const run = (args: string[], env: Record<string, string> = {}) => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx tsc -b" (npm test does) before this test`);
  return spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
};
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

it('prints a token signed with AUTH_JWT_SECRET, shaped as configured, that expires (1 h unless --expires)', async () => {
  const env = { AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'billing-ops', AUTH_AUDIENCE: 'billing', AUTH_ROLE_CLAIM: 'billing_role', AUTH_ACCOUNT_CLAIM: 'billing_account' };
  const printed = run(['--role', 'admin', '--account', 'acc_1'], env);
  expect(printed.status).toBe(0);
  const token = printed.stdout.trim();
  expect(claimsOf(token)).toMatchObject({ billing_role: 'admin', billing_account: 'acc_1', iss: 'billing-ops', aud: 'billing' });
  expect(claimsOf(token).exp - claimsOf(token).iat).toBe(3600);
  const verifier = createTokenVerifier({ jwtSecret: SECRET, jwks: undefined, issuer: 'billing-ops', audience: ['billing'], roleClaim: 'billing_role', accountClaim: 'billing_account' });
  expect(await verifier.verify(token)).toEqual({ sub: 'admin-dev', role: 'admin', accountId: 'acc_1' });

  const short = run(['--role', 'service', '--expires', '15m'], { AUTH_JWT_SECRET: SECRET });
  expect(claimsOf(short.stdout.trim()).exp - claimsOf(short.stdout.trim()).iat).toBe(900);
});

it('refuses a lifetime that is not one, and refuses to sign where only the identity provider\'s keys verify', () => {
  const forever = run(['--role', 'service', '--expires', 'never'], { AUTH_JWT_SECRET: SECRET });
  expect(forever.status).toBe(2);
  expect(forever.stderr).toContain('--expires must be a lifetime such as 15m, 1h or 7d, got "never"');
  const idp = run(['--role', 'service'], { AUTH_JWKS_URL: 'https://id.example.com/jwks', AUTH_ISSUER: 'https://id.example.com/', AUTH_AUDIENCE: 'billing' });
  expect(idp.status).toBe(2);
  expect(idp.stdout).toBe('');
  expect(idp.stderr).toContain('AUTH_JWKS_URL is set: the service accepts only tokens from the identity provider');
});
