import { initialState } from '@billing/domain';
import { StateCache } from './state-cache';

describe('StateCache', () => {
  it('keeps the most recently used accounts up to its capacity', () => {
    const cache = new StateCache(2);
    const entry = (revision: number) => ({ state: initialState(), revision });
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    expect(cache.get('a')?.revision).toBe(1); // a is now the most recent
    cache.set('c', entry(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.revision).toBe(1);
    expect(cache.get('c')?.revision).toBe(3);
  });

  it('keeps nothing with capacity 0', () => {
    const cache = new StateCache(0);
    cache.set('a', { state: initialState(), revision: 1 });
    expect(cache.get('a')).toBeUndefined();
  });
});
