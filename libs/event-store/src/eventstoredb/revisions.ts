import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision, type WrongExpectedVersionError } from '@eventstore/db-client';
import { ConcurrencyError } from '../errors';
import type { ExpectedRevision } from '../event-store';

/** Our expected revision in the client's terms; a number becomes the bigint revision it expects. */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/**
 * The stream's actual revision as the client reports it: a bigint, 'no_stream', and (from older
 * servers, through gRPC metadata) -1 or a numeric string. Anything absent means no stream, which
 * is how the client itself reads a missing current revision.
 */
export function toActualRevision(value: unknown): number | 'no_stream' {
  if (typeof value === 'bigint') return value < 0n ? 'no_stream' : Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value < 0 ? 'no_stream' : value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return toActualRevision(BigInt(value));
  return 'no_stream';
}

/** The client's wrong-expected-version error as our ConcurrencyError, with the caller's expectation. */
export function toConcurrencyError(
  stream: string, expected: ExpectedRevision, error: Pick<WrongExpectedVersionError, 'actualVersion' | 'message'>,
): ConcurrencyError {
  const concurrency = new ConcurrencyError(stream, expected, toActualRevision(error.actualVersion));
  return Object.assign(concurrency, { cause: error });
}

/**
 * Whether a stream at `current` (-1: no stream) satisfies the expectation. Used only for an
 * empty append, which we answer ourselves instead of sending the server a write of nothing.
 */
export function satisfiesExpected(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current < 0;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}
