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

  it('holds an idle account at once and refuses a busy one without waiting; queued work runs after the release', async () => {
    const locks = new AccountLocks();
    const log: string[] = [];
    const release = locks.tryHold('acc');
    expect(release).toBeDefined();
    expect(locks.tryHold('acc')).toBeUndefined();
    const queued = locks.run('acc', async () => { log.push('queued'); });
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual([]);
    release?.();
    await queued;
    expect(log).toEqual(['queued']);
    await new Promise((r) => setTimeout(r, 0));
    expect(locks.tryHold('acc')).toBeDefined();
    const busy = locks.run('other', () => new Promise((r) => setTimeout(r, 5)));
    expect(locks.tryHold('other')).toBeUndefined();
    await busy;
  });
});
