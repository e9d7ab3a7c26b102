import {
  convertToCommandError, DeadlineExceededError, StreamDeletedError, UnavailableError, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import { isTransientFailure, toStoreError } from './failures';

/** A gRPC failure as @grpc/grpc-js reports it (status code, details, metadata). */
function grpcFailure(code: number, details: string) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => ({}) } });
}

describe('EventStoreDB failures', () => {
  it('turns an unreachable server into EventStoreUnavailableError, keeping the cause', () => {
    const unavailable = convertToCommandError(grpcFailure(14, 'No connection established') as never);
    expect(unavailable).toBeInstanceOf(UnavailableError);
    const mapped = toStoreError(unavailable, 'append');
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE', cause: unavailable });
    expect((mapped as Error).message).toMatch(/EventStoreDB is unavailable \(append\)/);
  });

  it('treats deadlines, timeouts and raw transient gRPC codes as transient', () => {
    expect(isTransientFailure(convertToCommandError(grpcFailure(4, 'Deadline exceeded') as never))).toBe(true);
    expect(isTransientFailure(new DeadlineExceededError())).toBe(true);
    expect(isTransientFailure(convertToCommandError(grpcFailure(10, 'Aborted') as never))).toBe(true);
    expect(isTransientFailure({ code: 14 })).toBe(true);
  });

  it('passes every other error through unchanged', () => {
    const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'no_stream', current: 0n });
    const deleted = StreamDeletedError.fromStreamName('s');
    const plain = new TypeError('bad');
    for (const error of [wrong, deleted, plain, { code: 'ECONNRESET' }, null]) expect(toStoreError(error, 'read')).toBe(error);
    const already = new EventStoreUnavailableError('down');
    expect(toStoreError(already, 'read')).toBe(already);
  });
});
