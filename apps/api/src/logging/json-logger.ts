import type { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

/** One JSON object per line on stdout: what log collectors expect, and greppable by field. */
export class JsonLogger implements LoggerService {
  constructor(private readonly minimum: Level = 'info', private readonly write: (line: string) => void = (l) => process.stdout.write(l)) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  /** Structured entry with extra fields (e.g. correlationId). */
  entry(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (LEVELS[level] < LEVELS[this.minimum]) return;
    this.write(JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields }) + '\n');
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    // Nest passes (message, context) or (message, stack, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) {
      this.entry(level, message.message, { context, error: message.name, stack: message.stack });
    } else if (typeof message === 'object' && message !== null) {
      this.entry(level, String((message as { msg?: unknown }).msg ?? ''), { context, ...(message as object) });
    } else {
      this.entry(level, String(message), { context, ...(stack ? { stack } : {}) });
    }
  }
}
