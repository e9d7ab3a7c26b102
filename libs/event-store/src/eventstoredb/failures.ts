import {
  CancelledError, DeadlineExceededError, NotLeaderError, TimeoutError, UnavailableError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';

// gRPC status codes a call fails with when the server is away, restarting or too slow, so that a
// retry may succeed: DEADLINE_EXCEEDED 4, ABORTED 10, UNAVAILABLE 14 (numbers fixed by the gRPC
// spec; written out because @grpc/grpc-js is the client's dependency, not ours). The client
// usually wraps them in its own classes; raw ones are recognised too.
const TRANSIENT_CODES = new Set<number>([4, 10, 14]);

/** Whether the failure is about reaching the server, not about the request. */
export function isTransientFailure(error: unknown): boolean {
  if (
    error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof TimeoutError ||
    error instanceof NotLeaderError || error instanceof CancelledError
  ) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && TRANSIENT_CODES.has(code);
}

/** Transient failures become our EventStoreUnavailableError; everything else passes through as it is. */
export function toStoreError(error: unknown, operation: string): unknown {
  if (error instanceof EventStoreUnavailableError || !isTransientFailure(error)) return error;
  const reason = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new EventStoreUnavailableError(`EventStoreDB is unavailable (${operation})${reason}`, error);
}
