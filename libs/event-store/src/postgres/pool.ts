import { BackOff } from '../back-off';
import { sleep } from './sleep';
import { Pool, type PoolConfig } from 'pg';

export interface PostgresPoolOptions {
  connectionString: string;
  /** Upper bound on connections this process opens (default 10). */
  max?: number;
  /** A statement running longer is cancelled by the server (default 30 s). */
  statementTimeoutMs?: number;
  /** A session idle inside a transaction longer is ended by the server (default 60 s). */
  idleInTransactionTimeoutMs?: number;
  /** How long to wait for a free connection or a new one (default 5 s). */
  connectionTimeoutMs?: number;
  applicationName?: string;
  onError?: (error: Error) => void;
}

export function createPool(options: PostgresPoolOptions): Pool {
  const config: PoolConfig = {
    connectionString: options.connectionString,
    max: options.max ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'billing',
  };
  const pool = new Pool(config);
  // An idle connection that dies (server restart, network) must not crash the process:
  // the pool drops it and the next query opens a fresh one.
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  'the database system is starting up',
  'the database system is shutting down',
  'is not currently accepting connections', // 55000, only in this sense: other 55000s are not transient
];

/** True for failures that say nothing about the request itself: retrying may succeed. */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return TRANSIENT_MESSAGES.some((m) => error.message.includes(m));
}

export interface RetryOptions {
  /** Total attempts (default 4). */
  attempts?: number;
  /** First back-off's ceiling; doubles each time, with full jitter (default 50 ms). */
  initialDelayMs?: number;
}

/** Runs `operation`, retrying transient failures with exponential back-off and full jitter. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const backOff = new BackOff(options.initialDelayMs ?? 50, Number.MAX_SAFE_INTEGER);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransientError(error)) throw error;
      await sleep(backOff.next());
    }
  }
}
