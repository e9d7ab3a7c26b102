import { RateLimiter } from './rate-limiter';

const T0 = 1_800_000_000_000;

describe('RateLimiter (a token bucket per key)', () => {
  it('allows perMinute requests at once and refuses the next, saying how long to wait', () => {
    const limiter = new RateLimiter(3);
    for (let i = 0; i < 3; i++) expect(limiter.take('a', T0)).toEqual({ allowed: true });
    expect(limiter.take('a', T0)).toEqual({ allowed: false, retryAfterSeconds: 20 }); // one token per 20 s
  });

  it('gives one request back per 60/perMinute seconds, and never more than perMinute in store', () => {
    const limiter = new RateLimiter(3);
    for (let i = 0; i < 3; i++) limiter.take('a', T0);
    expect(limiter.take('a', T0 + 19_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('a', T0 + 20_000)).toEqual({ allowed: true });
    expect(limiter.take('a', T0 + 20_000).allowed).toBe(false);
    // An hour idle fills the bucket to 3, not to 180.
    const later = T0 + 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a', later).allowed)).toEqual([true, true, true, false]);
  });

  it('keeps keys apart: one key over its limit leaves every other key its whole budget', () => {
    const limiter = new RateLimiter(2);
    for (let i = 0; i < 5; i++) limiter.take('greedy', T0);
    expect(limiter.take('greedy', T0).allowed).toBe(false);
    expect([limiter.take('other', T0).allowed, limiter.take('other', T0).allowed, limiter.take('other', T0).allowed]).toEqual([true, true, false]);
  });

  it('refused requests do not push the wait further out', () => {
    const limiter = new RateLimiter(1);
    limiter.take('a', T0);
    for (let s = 0; s < 60; s += 10) expect(limiter.take('a', T0 + s * 1000)).toEqual({ allowed: false, retryAfterSeconds: 60 - s });
    expect(limiter.take('a', T0 + 60_000).allowed).toBe(true);
  });

  it('forgets keys idle long enough to be full again, so memory follows the recently active keys', () => {
    const limiter = new RateLimiter(2, 100);
    for (let i = 0; i < 100; i++) limiter.take(`k${i}`, T0);
    expect(limiter.size).toBe(100);
    limiter.take('k0', T0 + 30_000);
    limiter.take('k0', T0 + 30_000); // k0 is busy again, its bucket not full a minute on: kept
    limiter.take('new', T0 + 60_000); // the 101st key: every bucket idle for a minute is swept first
    expect(limiter.size).toBe(2);
    expect(limiter.take('k0', T0 + 60_000).allowed).toBe(true);
  });

  it('refuses a limit that is not a positive integer (0 means no limiter at all)', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
    expect(() => new RateLimiter(1.5)).toThrow(RangeError);
  });
});
