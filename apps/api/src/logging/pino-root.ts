import pino, { type DestinationStream, type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const SECRET_HEADERS = ['authorization', 'stripe-signature', 'cookie', 'set-cookie'];
// Where a headers object turns up: bare, and in the usual request/response shapes (Node, Express, Fastify).
const HEADER_HOLDERS = ['', 'headers', 'req.headers', 'request.headers', 'res.headers', 'response.headers'];
// Card data: whole card objects (number, cvc, exp_*), Stripe's payment_method_details.card, fields named
// like a PAN or its companions; bare and inside the Stripe objects we might log (charge, payment method, event).
const CARD_FIELDS = ['card', 'payment_method_details.card', 'cardNumber', 'card_number', 'pan', 'cvc', 'cvv', 'exp_month', 'exp_year'];
const CARD_HOLDERS = ['', 'charge', 'payment_method', 'paymentMethod', 'source', 'object', 'data.object', 'event.data.object'];

const at = (holder: string, key: string) => (holder ? `${holder}` : '') + (/^[A-Za-z_$][\w$.]*$/.test(key) ? `${holder ? '.' : ''}${key}` : `["${key}"]`);

/**
 * pino redact paths, all fixed: fast-redact compiles them into direct property checks, which cost next
 * to nothing on a line without them. No `*` wildcards: `*.card` alone made every line ~7× dearer
 * (bench:logging, docs/benchmarks.md), so the holders are named instead.
 */
export const REDACT_PATHS: string[] = [
  ...HEADER_HOLDERS.flatMap((holder) => SECRET_HEADERS.map((header) => at(holder, header))),
  ...CARD_HOLDERS.flatMap((holder) => CARD_FIELDS.map((field) => at(holder, field))),
];

export const REDACTED = '[Redacted]';

/**
 * Builds a pino logger with the line shape the service has always written: `level` as a word, `time` as
 * ISO 8601, `msg`; no pid/hostname (the platform adds those).
 */
export function createPino(level: LogLevel, destination: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination,
  );
}

type SonicBoom = ReturnType<typeof pino.destination>;
let stdout: SonicBoom | undefined;

/**
 * The process's one stdout destination: asynchronous writes (sonic-boom buffers while a write is in
 * flight), so a log line never blocks a request on a slow pipe. pino also flushes it synchronously on
 * `exit`; `flushLogs()` does it explicitly where we exit on purpose.
 */
export function asyncStdout(): DestinationStream {
  if (!stdout) {
    stdout = pino.destination({ dest: 1, sync: false, maxLength: LOG_BUFFER_MAX_BYTES });
    stdout.on('drop', (data: string) => {
      droppedLines += data.split('\n').length - 1 || 1;
    });
  }
  return stdout;
}

/**
 * A log reader that stops reading must not take the service's memory with it: past this much waiting
 * output, lines are dropped (and counted: billing_log_lines_dropped_total) instead of held.
 */
export const LOG_BUFFER_MAX_BYTES = 16 * 2 ** 20;
let droppedLines = 0;

/** Lines dropped so far because stdout was not read (see LOG_BUFFER_MAX_BYTES). */
export function droppedLogLines(): number {
  return droppedLines;
}

/**
 * Writes out whatever the stdout destination still holds, then resolves; call it before a deliberate
 * exit. A bare flushSync() while an asynchronous write is still in the thread pool would put the
 * buffered lines before it, and exiting right away could lose it: wait for it first (at most 2 s).
 */
export async function flushLogs(): Promise<void> {
  const destination = stdout as (SonicBoom & { _writing?: boolean }) | undefined;
  if (!destination) return;
  const until = Date.now() + 2_000;
  while (destination._writing && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
  try {
    destination.flushSync();
  } catch {
    // stdout is gone (closed pipe): there is nowhere left to write, nor to report it.
  }
}

// Defensive scrub of free text: a bearer token or JWT pasted into a message or an error string.
const SECRET_TEXT = /\b(bearer\s+)[A-Za-z0-9._~+/=-]+|\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/gi;
const MAYBE_SECRET = /bearer|eyJ/i;

export function scrubText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text; // the common case: one cheap test, no copy
  return text.replace(SECRET_TEXT, (_match, bearer: string | undefined) => (bearer ? `${bearer}${REDACTED}` : REDACTED));
}
