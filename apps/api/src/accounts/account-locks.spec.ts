import { AccountLocks } from './account-locks';

describe('AccountLocks', () => {
  it('runs work for one account one at a time, in arrival order, even when some fail', async () => {
    const locks = new AccountLocks();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => locks.run('acc', async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    });
    const results = await Promise.allSettled([step('a', 20), step('b', 5, true), step('c', 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different accounts run at the same time', async () => {
    const locks = new AccountLocks();
    const log: string[] = [];
    const step = (account: string) => locks.run(account, async () => {
      log.push(`start ${account}`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`end ${account}`);
    });
    await Promise.all([step('x'), step('y')]);
    expect(log.slice(0, 2).sort()).toEqual(['start x', 'start y']);
  });

  it('holds an account in its turn: after the work queued before, and before the work queued after the release', async () => {
    const locks = new AccountLocks();
    const log: string[] = [];
    const before = locks.run('acc', async () => {
      await new Promise((r) => setTimeout(r, 10));
      log.push('before');
    });
    const holding = locks.hold('acc');
    const after = locks.run('acc', async () => { log.push('after'); });
    const release = await holding;
    log.push('held');
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['before', 'held']);
    release();
    await Promise.all([before, after]);
    expect(log).toEqual(['before', 'held', 'after']);
    const again = await locks.hold('acc');
    again();
  });
});
