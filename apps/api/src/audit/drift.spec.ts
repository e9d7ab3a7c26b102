import { compareRows, formatDrift } from './drift';

interface Row { accountId: string; balanceSeconds: number; planId: string }
const keyOf = (row: Row) => [row.accountId];

describe('drift between stored and replayed read models', () => {
  it('is empty when they agree', () => {
    const rows = [{ accountId: 'a', balanceSeconds: 1, planId: 'free' }];
    expect(compareRows('accounts', rows, [{ ...rows[0] }], keyOf)).toEqual([]);
  });

  it('names the account, the field and both values', () => {
    const drifts = compareRows('accounts',
      [{ accountId: 'a', balanceSeconds: 999, planId: 'free' }, { accountId: 'b', balanceSeconds: 5, planId: 'pro' }],
      [{ accountId: 'a', balanceSeconds: 600, planId: 'free' }, { accountId: 'b', balanceSeconds: 5, planId: 'pro' }], keyOf);
    expect(drifts).toEqual([{ projection: 'accounts', key: 'a', field: 'balanceSeconds', readModel: 999, replayed: 600 }]);
    expect(formatDrift(drifts[0])).toBe('accounts a balanceSeconds: read model 999, replayed 600');
  });

  it('reports rows on one side only', () => {
    const drifts = compareRows('accounts', [{ accountId: 'ghost', balanceSeconds: 0, planId: 'free' }], [{ accountId: 'real', balanceSeconds: 0, planId: 'free' }], keyOf);
    expect(drifts).toEqual([
      { projection: 'accounts', key: 'ghost', field: '(row)', readModel: '(present)', replayed: '(missing)' },
      { projection: 'accounts', key: 'real', field: '(row)', readModel: '(missing)', replayed: '(present)' },
    ]);
  });

  it('treats null and a missing field alike, and nothing else', () => {
    const stored = [{ accountId: 'a', balanceSeconds: 0, planId: null as unknown as string }];
    expect(compareRows('accounts', stored, [{ accountId: 'a', balanceSeconds: 0 } as Row], keyOf)).toEqual([]);
    expect(compareRows('accounts', [{ accountId: 'a', balanceSeconds: 0, planId: '0' }], [{ accountId: 'a', balanceSeconds: 0, planId: 0 as never }], keyOf)).toHaveLength(1);
  });
});
