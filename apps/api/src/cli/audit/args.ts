import { parseArgs } from 'node:util';
import { ALL_PROJECTIONS } from '@billing/projections';
import { InvalidRangeError, type InstantRange, parseRange, parseUntil } from '../../audit/range';

export type AuditCommand =
  /** Dates as typed too: the command reads them in the account's time zone (parsed here in UTC, to refuse bad ones early). */
  | { command: 'replay'; account: string; until?: Date; untilText?: string; json: boolean }
  | { command: 'verify'; json: boolean }
  | { command: 'export'; account: string; range: InstantRange; rangeText: { from: string; to: string }; out?: string }
  | { command: 'rebuild'; projection?: string }
  | { command: 'reconcile'; range: InstantRange; json: boolean }
  | { command: 'help' };

export const USAGE = `usage: npm run audit -- <command> [options]

commands:
  replay  --account <id> [--until <instant|date>] [--json]
          the account's history event by event (folded from its events): time, type, change,
          running credit balance, reloads counted in the event's month
  verify  [--json]
          recomputes every read model from the events and prints each drift; exits 1 on any
  export  --account <id> --from <date|instant> --to <date|instant> --format csv [--out <file>]
          the credit ledger as CSV (date-only bounds are whole UTC days, both included)
  rebuild [--projection <${ALL_PROJECTIONS.map((p) => p.name).join('|')}>]
          rebuilds read models beside the live ones and swaps them in (no downtime)
  reconcile --from <date|instant> --to <date|instant> [--json]
          Stripe's Checkout Sessions, PaymentIntents and refunds in the range against the store's
          purchases, reloads and refunds: prints every difference; exits 1 on any (needs STRIPE_SECRET_KEY)

The database is DATABASE_URL, or the embedded development server (.data/postgres).`;

/** Bad arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  account: { type: 'string' }, until: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
  format: { type: 'string' }, out: { type: 'string' }, projection: { type: 'string' }, json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ALLOWED: Record<string, readonly string[]> = {
  replay: ['account', 'until', 'json'], verify: ['json'], export: ['account', 'from', 'to', 'format', 'out'], rebuild: ['projection'], reconcile: ['from', 'to', 'json'],
};

export function parseAuditArgs(argv: readonly string[]): AuditCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...extra] = positionals;
  if (!command) throw new UsageError('a command is required');
  if (!ALLOWED[command]) throw new UsageError(`unknown command "${command}"`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const misplaced = Object.keys(values).find((name) => !ALLOWED[command].includes(name));
  if (misplaced) throw new UsageError(`--${misplaced} does not apply to ${command}`);
  try {
    switch (command) {
      case 'replay':
        return { command, account: required(values.account, 'account'), until: parseUntil(values.until), untilText: values.until, json: !!values.json };
      case 'verify':
        return { command, json: !!values.json };
      case 'export': {
        const account = required(values.account, 'account');
        if (values.format !== 'csv') throw new UsageError(values.format ? `--format ${values.format} is not supported (csv is)` : '--format csv is required');
        return { command, account, range: parseRange(values.from, values.to), rangeText: { from: values.from ?? '', to: values.to ?? '' }, out: values.out };
      }
      case 'reconcile':
        return { command, range: parseRange(values.from, values.to), json: !!values.json };
      default: {
        const names = ALL_PROJECTIONS.map((p) => p.name);
        if (values.projection !== undefined && !names.includes(values.projection)) {
          throw new UsageError(`--projection must be one of ${names.join(', ')}`);
        }
        return { command: 'rebuild', projection: values.projection };
      }
    }
  } catch (error) {
    if (error instanceof InvalidRangeError) throw new UsageError(`--${error.message}`);
    throw error;
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}
