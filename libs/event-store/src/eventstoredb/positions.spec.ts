import { START as CLIENT_START } from '@eventstore/db-client';
import { START } from '../position';
import { fromClientPosition, isAfter, recordedPosition, toClientPosition, toReadPosition } from './positions';

describe('EventStoreDB positions', () => {
  it('round-trips (commit, prepare) through our opaque position', () => {
    for (const p of [{ commit: 0n, prepare: 0n }, { commit: 1234n, prepare: 1234n }, { commit: (1n << 64n) - 2n, prepare: 7n }]) {
      expect(toClientPosition(fromClientPosition(p))).toEqual(p);
    }
  });

  it('sorts as strings in the order of the log: by commit, then by prepare', () => {
    const pairs: Array<[bigint, bigint]> = [];
    for (let i = 0; i < 200; i++) pairs.push([BigInt(Math.floor(Math.random() * 1e6)) * 10n ** BigInt(i % 13), BigInt(Math.floor(Math.random() * 1e9))]);
    pairs.push([5n, 9n], [5n, 10n], [9n, 100n], [10n, 0n]);
    const byNumbers = [...pairs].sort(([c1, p1], [c2, p2]) => (c1 === c2 ? Number(p1 - p2) : c1 < c2 ? -1 : 1));
    const byStrings = pairs.map(([commit, prepare]) => fromClientPosition({ commit, prepare })).sort();
    expect(byStrings).toEqual(byNumbers.map(([commit, prepare]) => fromClientPosition({ commit, prepare })));
  });

  it('starts reads from the client START when there is no checkpoint', () => {
    expect(toReadPosition(undefined)).toBe(CLIENT_START);
    expect(toReadPosition(START)).toBe(CLIENT_START);
    expect(toReadPosition(fromClientPosition({ commit: 42n, prepare: 42n }))).toEqual({ commit: 42n, prepare: 42n });
  });

  it('refuses to invent a position the server did not report', () => {
    expect(recordedPosition({ id: 'a', position: { commit: 8n, prepare: 8n } })).toBe(fromClientPosition({ commit: 8n, prepare: 8n }));
    expect(() => recordedPosition({ id: 'a' })).toThrow(/no \$all position for event a/);
    const unknown = (1n << 64n) - 1n; // the server's -1
    expect(() => recordedPosition({ id: 'b', position: { commit: unknown, prepare: unknown } })).toThrow(/event b/);
  });

  it('treats a checkpoint as exclusive', () => {
    const at = fromClientPosition({ commit: 100n, prepare: 100n });
    expect(isAfter(at, at)).toBe(false);
    expect(isAfter(fromClientPosition({ commit: 100n, prepare: 101n }), at)).toBe(true);
    expect(isAfter(fromClientPosition({ commit: 99n, prepare: 99n }), at)).toBe(false);
    expect(isAfter(at, undefined)).toBe(true);
  });
});
