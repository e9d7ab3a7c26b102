/**
 * The reference for bench:logging: the service's logger before pino (commit c2230ea), its entry() as it
 * was: one JSON.stringify and one synchronous process.stdout.write per line, no redaction.
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

export class LegacyJsonLogger {
  constructor(private readonly minimum: Level = 'info', private readonly write: (line: string) => void = (l) => process.stdout.write(l)) {}

  entry(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (LEVELS[level] < LEVELS[this.minimum]) return;
    this.write(JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields }) + '\n');
  }
}
