import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { asyncStdout, createPino, flushLogs, type LogLevel, scrubText } from './pino-root';
import { currentCorrelationId } from './request-context';

type Level = LogLevel;
type Fields = Record<string, unknown>;

/**
 * One JSON object per line, through pino: what log collectors expect, and greppable by field. Inside a
 * request every line carries its correlation id (request-context.ts); secrets are redacted (pino-root.ts).
 * Without `write` lines go to stdout asynchronously; with it (tests, the CLI's stderr) synchronously.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  constructor(minimum: Level = 'info', write?: (line: string) => void) {
    this.pino = createPino(minimum, write ? { write } : asyncStdout());
  }

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

  /** Structured entry with extra fields; an explicit `correlationId` wins over the request's. */
  entry(level: Level, msg: string, fields: Fields = {}): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const correlationId = fields.correlationId === undefined ? currentCorrelationId() : undefined;
    let merged = correlationId === undefined ? fields : { correlationId, ...fields };
    if (typeof merged.error === 'string') {
      const error = scrubText(merged.error);
      if (error !== merged.error) merged = { ...merged, error }; // never the caller's object
    }
    this.pino[level](merged, scrubText(msg));
  }

  /** Writes out what the stdout destination still holds (await it before a deliberate exit). */
  flush(): Promise<void> {
    return flushLogs();
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    // Nest passes (message, context) or (message, stack, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) {
      this.entry(level, message.message, { context, error: message.name, stack: message.stack });
    } else if (typeof message === 'object' && message !== null) {
      // The reserved keys are written once, by pino: an object's own would make duplicate keys.
      const { msg, level: _level, time: _time, ...fields } = message as Fields;
      this.entry(level, String(msg ?? ''), { context, ...fields });
    } else {
      this.entry(level, String(message), { context, ...(stack ? { stack } : {}) });
    }
  }
}
