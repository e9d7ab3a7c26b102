import { type AppendRequest, type AppendRow, GroupCommit } from './group-commit';

// The queue's own rules, with the two round trips replaced by recorders (the SQL side runs against a
// real PostgreSQL in test/event-store/postgres-group-commit.spec.ts).
const row = (stream: string): AppendRow => ({ out_status: 'ok', out_revision: stream, out_transaction_ids: [], out_global_positions: [], out_key: null, out_existing: null });
const request = (stream: string): AppendRequest => ({ stream, expected: -2, events: [] });

function recorder(options: { failMany?: unknown } = {}) {
  const calls: string[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const one = async (r: AppendRequest) => {
    calls.push([r.stream]);
    await gate;
    return row(r.stream);
  };
  const many = async (rs: readonly AppendRequest[]) => {
    calls.push(rs.map((r) => r.stream));
    await gate;
    if (options.failMany) throw options.failMany;
    return rs.map((r) => row(r.stream));
  };
  return { calls, one, many, release: () => release() };
}

describe('GroupCommit', () => {
  it('sends a lone append at once, and what arrives while the lanes are busy as one batch in stream order', async () => {
    const r = recorder();
    const group = new GroupCommit(r.one, r.many, () => false, { lanes: 1 });
    const answers = Promise.all(['a', 'z', 'm', 'b'].map((s) => group.append(request(s))));
    r.release();
    expect((await answers).map((a) => a.out_revision)).toEqual(['a', 'z', 'm', 'b']);
    expect(r.calls).toEqual([['a'], ['b', 'm', 'z']]);
  });

  it('keeps a second append to the same stream for a later batch, and caps a batch at maxBatch', async () => {
    const r = recorder();
    const group = new GroupCommit(r.one, r.many, () => false, { lanes: 1, maxBatch: 2 });
    const answers = Promise.all(['first', 's', 's', 't', 'u'].map((s) => group.append(request(s))));
    r.release();
    await answers;
    expect(r.calls).toEqual([['first'], ['s', 't'], ['s', 'u']]);
  });

  it('sends appends queued together as full batches, not the first ones alone on free lanes', async () => {
    const r = recorder();
    const group = new GroupCommit(r.one, r.many, () => false, { lanes: 4, maxBatch: 3 });
    const answers = Promise.all(group.appendAll(['e', 'd', 'c', 'b', 'a'].map(request)));
    r.release();
    expect((await answers).map((a) => a.out_revision)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(r.calls).toEqual([['c', 'd', 'e'], ['a', 'b']]);
  });

  it('answers each append of a failed batch on its own, unless the error is one they all share', async () => {
    const r = recorder({ failMany: new Error('deadlock') });
    const group = new GroupCommit(r.one, r.many, () => false, { lanes: 1 });
    const answers = Promise.all(['x', 'a', 'b'].map((s) => group.append(request(s))));
    r.release();
    expect((await answers).map((a) => a.out_revision)).toEqual(['x', 'a', 'b']);
    expect(r.calls).toEqual([['x'], ['a', 'b'], ['a'], ['b']]);

    const away = new Error('database unavailable');
    const shared = recorder({ failMany: away });
    const sharing = new GroupCommit(shared.one, shared.many, (error) => error === away, { lanes: 1 });
    const settled = Promise.allSettled(['x', 'a', 'b'].map((s) => sharing.append(request(s))));
    shared.release();
    expect((await settled).map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(shared.calls).toEqual([['x'], ['a', 'b']]);
  });
});
