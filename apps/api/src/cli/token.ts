import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@billing/domain';
import { signToken } from '../auth/tokens';
import { ConfigError, loadConfig } from '../config/config';

/**
 * npm run token -- --role admin --account acc_1 [--sub alice] [--expires 8h]
 * Prints a bearer token signed with AUTH_JWT_SECRET (or the development secret) for trying the API.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      account: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  if ((role === 'admin' || role === 'editor') && !values.account) fail(`--account is required for the ${role} role`);
  const config = loadConfig();
  process.stdout.write(
    `${await signToken({ sub: values.sub ?? `${role}-dev`, role, accountId: values.account, expiresIn: values.expires }, config.auth.jwtSecret)}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run token -- --role <${ROLES.join('|')}> [--account <id>] [--sub <name>] [--expires 8h]\n`);
  process.exit(2);
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error.stack}\n`);
  process.exit(1);
});
