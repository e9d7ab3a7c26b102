import { ConfigError } from '../../config/config';
import { parseAuditArgs, USAGE, UsageError } from './args';
import { AuditFailure, runAudit } from './commands';
import { openAuditRuntime } from './runtime';

/** npm run audit -- <replay|verify|export|rebuild> …: see USAGE. Exit 0 ok, 1 failure or drift, 2 bad arguments. */
async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseAuditArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runtime = await openAuditRuntime();
  try {
    return await runAudit(command, runtime, (text) => process.stdout.write(text));
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error instanceof AuditFailure || error instanceof ConfigError ? `error: ${error.message}` : error.stack}\n`);
    process.exitCode = 1;
  },
);
