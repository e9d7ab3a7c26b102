import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@billing/domain';
import { signTokenFor } from '../auth/tokens';
import { ConfigError, loadConfig } from '../config/config';

/** A lifetime jose understands, e.g. 90s, 15m, 8h, 7d: every token expires. */
const LIFETIME = /^\d+\s?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/;

/**
 * npm run token -- --role admin --account acc_1 [--sub alice] [--expires 1h]
 * Prints a bearer token signed with AUTH_JWT_SECRET (or the development secret) for trying the API,
 * shaped as the service checks it (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_ROLE_CLAIM, AUTH_ACCOUNT_CLAIM).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      account: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '1h' },
    },
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  if ((role === 'admin' || role === 'editor') && !values.account) fail(`--account is required for the ${role} role`);
  if (!LIFETIME.test(values.expires)) fail(`--expires must be a lifetime such as 15m, 1h or 7d, got "${values.expires}"`);
  const config = loadConfig(process.env, 'tool');
  if (config.auth.jwks) fail('AUTH_JWKS_URL is set: the service accepts only tokens from the identity provider, ask it for one');
  const request = { sub: values.sub ?? `${role}-dev`, role, accountId: values.account, expiresIn: values.expires };
  process.stdout.write(`${await signTokenFor(request, config.auth)}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run token -- --role <${ROLES.join('|')}> [--account <id>] [--sub <name>] [--expires 1h]\n`);
  process.exit(2);
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error.stack}\n`);
  process.exit(1);
});
