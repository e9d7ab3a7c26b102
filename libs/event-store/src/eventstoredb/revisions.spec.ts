import { ANY, convertToCommandError, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { ConcurrencyError } from '../errors';
import { satisfiesExpected, toActualRevision, toClientExpectedRevision, toConcurrencyError } from './revisions';

describe('EventStoreDB expected revisions', () => {
  it('maps each expectation to the client constant or a bigint revision', () => {
    expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toClientExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toClientExpectedRevision('any')).toBe(ANY);
    expect(toClientExpectedRevision(0)).toBe(0n);
    expect(toClientExpectedRevision(41)).toBe(41n);
  });

  it('reads the actual revision from a bigint, a numeric string, -1 or no_stream', () => {
    expect(toActualRevision(3n)).toBe(3);
    expect(toActualRevision(0n)).toBe(0);
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision('12')).toBe(12);
    expect(toActualRevision('-1')).toBe('no_stream');
    expect(toActualRevision('no_stream')).toBe('no_stream');
    expect(toActualRevision(undefined)).toBe('no_stream');
  });

  it('answers an empty append by the same rules the server applies', () => {
    expect(satisfiesExpected('any', -1)).toBe(true);
    expect(satisfiesExpected('no_stream', -1)).toBe(true);
    expect(satisfiesExpected('no_stream', 0)).toBe(false);
    expect(satisfiesExpected('stream_exists', -1)).toBe(false);
    expect(satisfiesExpected('stream_exists', 4)).toBe(true);
    expect(satisfiesExpected(4, 4)).toBe(true);
    expect(satisfiesExpected(3, 4)).toBe(false);
  });
});

describe('WrongExpectedVersionError → ConcurrencyError', () => {
  it('from the batch-append path: the server sends a WrongExpectedVersion message', () => {
    const details = new WrongExpectedVersion().setExpectedStreamPosition('0').setCurrentStreamRevision('1');
    const error = WrongExpectedVersionError.fromWrongExpectedVersion(details, 'billing-account-1');
    expect(error.actualVersion).toBe(1n);
    const mapped = toConcurrencyError('billing-account-1', 0, error);
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ stream: 'billing-account-1', expected: 0, actual: 1, code: 'EVENT_STORE.CONCURRENCY' });
    expect(mapped.cause).toBe(error);
  });

  it('from the batch-append path when the stream does not exist', () => {
    const details = new WrongExpectedVersion().setExpectedStreamPosition('3');
    const error = WrongExpectedVersionError.fromWrongExpectedVersion(details, 's');
    expect(error.actualVersion).toBe('no_stream');
    expect(toConcurrencyError('s', 3, error)).toMatchObject({ expected: 3, actual: 'no_stream' });
  });

  it('from the single-append path, which builds the error from the response', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 's', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(toConcurrencyError('s', 'stream_exists', error)).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('from a gRPC error that carries the versions in its metadata (older servers)', () => {
    const metadata = { exception: 'wrong-expected-version', 'stream-name': 's', 'expected-version': '-1', 'actual-version': '0' };
    const serviceError = Object.assign(new Error('WrongExpectedVersion'), {
      code: 9, details: 'WrongExpectedVersion', metadata: { getMap: () => metadata },
    });
    const error = convertToCommandError(serviceError as never);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(toConcurrencyError('s', 'no_stream', error as WrongExpectedVersionError)).toMatchObject({ expected: 'no_stream', actual: 0 });
  });
});
