import { BackOff, backOffMs } from './back-off';

describe('back-off with full jitter', () => {
  it('draws from [0, min(cap, base · 2^attempt))', () => {
    expect(backOffMs(0, 100, 5_000, () => 0.999)).toBe(99);
    expect(backOffMs(3, 100, 5_000, () => 0.5)).toBe(400);
    expect(backOffMs(10, 100, 5_000, () => 0.999)).toBe(4_995);
    expect(backOffMs(1_000, 100, 5_000, () => 0)).toBe(0);
  });

  it('a loop grows its ceiling with each failure and starts again after a success', () => {
    const backOff = new BackOff(50, 1_000, () => 0.999);
    expect([backOff.next(), backOff.next(), backOff.next()]).toEqual([49, 99, 199]);
    backOff.reset();
    expect(backOff.next()).toBe(49);
  });
});
