import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { fromClientPosition, toClientPosition } from './positions';
import { lastEventPosition, PAGE_SIZE, readAllForwards, type PageReader } from './read-all';

/** A resolved event as the client's readAll yields it (JSON event with its $all position). */
function logEvent(n: number, type: string, streamId = `s-${n}`): AllStreamResolvedEvent {
  const position = { commit: BigInt(n * 100), prepare: BigInt(n * 100) };
  return {
    event: {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, streamId, revision: 0n, isJson: true,
      data: { n }, metadata: { $schemaVersion: 1 }, created: new Date(0), position,
    },
    commitPosition: position.commit,
  };
}

/**
 * The client's readAll as documented: from START or from a position *inclusive*, forwards or
 * backwards, at most maxCount. It records what was asked so the paging can be checked.
 */
function pages(log: AllStreamResolvedEvent[], backwards = false) {
  const asked: Array<{ from: string; count: number }> = [];
  const read: PageReader = async (from, count) => {
    asked.push({ from: typeof from === 'string' ? from : fromClientPosition(from), count });
    const ordered = backwards ? [...log].reverse() : log;
    const start = typeof from === 'string' ? 0 : ordered.findIndex((r) => {
      const p = r.event?.position?.commit ?? 0n;
      return backwards ? p <= from.commit : p >= from.commit;
    });
    return start < 0 ? [] : ordered.slice(start, start + count);
  };
  return { read, asked };
}

const at = (n: number) => fromClientPosition({ commit: BigInt(n * 100), prepare: BigInt(n * 100) });

describe('EventStoreDB readAll paging', () => {
  const log = [
    logEvent(1, '$ProjectionsInitialized', '$projections-$all'), logEvent(2, 'A', 'alpha-1'), logEvent(3, 'B', 'beta-1'),
    logEvent(4, '$statsCollected', '$stats-node'), logEvent(5, 'A', 'beta-2'), logEvent(6, 'C', 'alpha-1'),
  ];

  it('reads from the start, leaving out system events', async () => {
    const { read } = pages(log);
    expect((await readAllForwards(read)).map((e) => e.data.n)).toEqual([2, 3, 5, 6]);
  });

  it('skips the event at exactly the checkpoint: our fromPosition is exclusive', async () => {
    const { read, asked } = pages(log);
    expect((await readAllForwards(read, { fromPosition: at(3), maxCount: 2 })).map((e) => e.data.n)).toEqual([5, 6]);
    expect(asked[0]).toEqual({ from: at(3), count: 3 }); // one extra for the checkpoint's own event
  });

  it('keeps reading past system events until maxCount is reached', async () => {
    const { read, asked } = pages(log);
    expect((await readAllForwards(read, { fromPosition: at(2), maxCount: 2 })).map((e) => e.data.n)).toEqual([3, 5]);
    expect(asked.map((a) => a.from)).toEqual([at(2), at(4)]);
  });

  it('honours maxCount on the filtered result, across pages', async () => {
    const big = Array.from({ length: PAGE_SIZE * 3 + 10 }, (_, i) => logEvent(i + 1, i % 3 === 0 ? 'Wanted' : 'Other'));
    const { read, asked } = pages(big);
    const found = await readAllForwards(read, { maxCount: 700, filter: { eventTypes: ['Wanted'] } });
    expect(found).toHaveLength(700);
    expect(found.every((e) => e.type === 'Wanted')).toBe(true);
    expect(found.map((e) => e.data.n)).toEqual(Array.from({ length: 700 }, (_, i) => 3 * i + 1));
    expect(asked).toHaveLength(3);
    const rest = await readAllForwards(pages(big).read, { fromPosition: found[699].position, filter: { eventTypes: ['Wanted'] } });
    expect(rest[0].data.n).toBe(3 * 700 + 1);
    expect(rest).toHaveLength(Math.ceil(big.length / 3) - 700);
  });

  it('filters by stream prefix and type together', async () => {
    const { read } = pages(log);
    const found = await readAllForwards(read, { filter: { eventTypes: ['A', 'C'], streamPrefixes: ['alpha'] } });
    expect(found.map((e) => `${e.streamId}:${e.type}`)).toEqual(['alpha-1:A', 'alpha-1:C']);
  });

  it('returns nothing for maxCount 0 or past the end', async () => {
    expect(await readAllForwards(pages(log).read, { maxCount: 0 })).toEqual([]);
    expect(await readAllForwards(pages(log).read, { fromPosition: at(6) })).toEqual([]);
  });
});

describe('EventStoreDB head position', () => {
  it('is the last event that is not a system event, reading backwards page by page', async () => {
    const log = [logEvent(1, 'A'), ...Array.from({ length: 250 }, (_, i) => logEvent(i + 2, '$statsCollected'))];
    const { read, asked } = pages(log, true);
    expect(await lastEventPosition(read)).toBe(at(1));
    expect(asked[0].from).toBe('end');
    expect(toClientPosition(asked[1].from as never)).toEqual({ commit: 15_200n, prepare: 15_200n });
  });

  it('is undefined when the log holds only system events', async () => {
    expect(await lastEventPosition(pages([logEvent(1, '$epoch'), logEvent(2, '$>')], true).read)).toBeUndefined();
    expect(await lastEventPosition(pages([], true).read)).toBeUndefined();
  });
});
