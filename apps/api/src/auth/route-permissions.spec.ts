import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BillingCommandType, COMMAND_PERMISSIONS } from '@billing/domain';
import { COMMAND_KEY, ROLES_KEY } from './roles';

// Architecture rule (issue 20): a route that runs a domain command lets in exactly the roles the
// domain's COMMAND_PERMISSIONS names for it — by @RolesFor(command), never by a hand-written @Roles.
const SRC = join(__dirname, '..');
const COMMANDS = Object.keys(COMMAND_PERMISSIONS) as BillingCommandType[];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The domain commands a use-case folder's handlers build (`type: 'RecordCallEnded'`). */
function commandsBuiltIn(folder: string): Set<BillingCommandType> {
  const built = new Set<BillingCommandType>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.handler.ts'))) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const command of COMMANDS) if (new RegExp(`type:\\s*'${command}'`).test(text)) built.add(command);
  }
  return built;
}

interface RouteInfo {
  where: string;
  roles: string[] | undefined;
  command: BillingCommandType | undefined;
  builds: Set<BillingCommandType>;
}

function routes(): RouteInfo[] {
  return files(SRC)
    .filter((file) => file.endsWith('.http.controller.ts'))
    .flatMap((file) => {
      const module = require(file) as Record<string, unknown>;
      const builds = commandsBuiltIn(join(file, '..'));
      return Object.values(module)
        .filter((value): value is { prototype: Record<string, unknown> } => typeof value === 'function')
        .flatMap((controller) =>
          Object.getOwnPropertyNames(controller.prototype)
            .filter((name) => name !== 'constructor' && typeof controller.prototype[name] === 'function')
            .map((name) => {
              const method = controller.prototype[name] as object;
              return {
                where: `${relative(SRC, file)} ${name}`,
                roles: Reflect.getMetadata(ROLES_KEY, method) as string[] | undefined,
                command: Reflect.getMetadata(COMMAND_KEY, method) as BillingCommandType | undefined,
                builds,
              };
            }),
        );
    });
}

const all = routes();

it('finds the command routes (the scan is not empty)', () => {
  const commands = new Set(all.flatMap((route) => (route.command ? [route.command] : [])));
  expect([...commands].sort()).toEqual(
    expect.arrayContaining(['ChangePlan', 'ConfigureAutoReload', 'OpenAccount', 'RecordCallEnded', 'SetPaymentMethodOnFile', 'StartCreditPurchase']),
  );
});

it.each(all.filter((route) => route.command).map((route) => [route.where, route] as const))(
  "%s lets in exactly the domain's roles for its command",
  (_where, route) => {
    expect([...(route.roles ?? [])].sort()).toEqual([...COMMAND_PERMISSIONS[route.command as BillingCommandType]].sort());
  },
);

it.each(all.filter((route) => route.roles && route.builds.size).map((route) => [route.where, route] as const))(
  "%s runs a domain command, so its roles come from the domain (@RolesFor one of the commands its handler builds)",
  (_where, route) => {
    expect(route.command).toBeDefined();
    expect([...route.builds]).toContain(route.command);
  },
);
