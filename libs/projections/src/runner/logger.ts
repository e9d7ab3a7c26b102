/** What the runner reports; the API passes its JSON logger, tests a silent or collecting one. */
export interface ProjectionLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const consoleLogger: ProjectionLogger = {
  info: (message, context) => console.log(JSON.stringify({ level: 'info', message, ...context })),
  warn: (message, context) => console.warn(JSON.stringify({ level: 'warn', message, ...context })),
  error: (message, context) => console.error(JSON.stringify({ level: 'error', message, ...context })),
};

export const silentLogger: ProjectionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
