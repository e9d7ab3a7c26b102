import { backoffMs, verdict } from './delivery-policy';

const policy = { baseMs: 1_000, maxDelayMs: 60_000, windowMs: 3 * 86_400_000 };
const answer = (status: number | null, error: string | null = null) => ({ status, latencyMs: 5, error });

describe('what an attempt means', () => {
  it('delivers on any 2xx and on nothing else', () => {
    for (const status of [200, 201, 204, 299]) expect(verdict(answer(status), 0, 0, policy, 0.5)).toEqual({ kind: 'delivered' });
    for (const status of [100, 301, 302, 400, 404, 429, 500, 503]) expect(verdict(answer(status), 0, 0, policy, 0.5).kind).toBe('retry');
    expect(verdict(answer(null, 'ECONNRESET'), 0, 0, policy, 0.5).kind).toBe('retry');
  });

  it('disables at once on 410 Gone, and after the retry window naming the last answer', () => {
    expect(verdict(answer(410), 0, 0, policy, 0.5)).toEqual({ kind: 'disable', reason: 'the receiver answered 410 Gone' });
    expect(verdict(answer(500), 40, policy.windowMs - 1, policy, 0.5).kind).toBe('retry');
    expect(verdict(answer(500), 40, policy.windowMs, policy, 0.5)).toEqual({ kind: 'disable', reason: 'deliveries failed for 3 days (last: HTTP 500)' });
    expect(verdict(answer(null, 'no answer within 10000 ms'), 40, policy.windowMs, policy, 0.5)).toEqual({ kind: 'disable', reason: 'deliveries failed for 3 days (last: no answer within 10000 ms)' });
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy, 0.999_999))).toEqual([999, 1_999, 3_999, 7_999]);
    expect(backoffMs(3, policy, 0)).toBe(0);
    expect(backoffMs(3, policy, 0.5)).toBe(2_000);
    expect(backoffMs(30, policy, 0.999_999)).toBe(59_999);
    expect(backoffMs(10_000, policy, 0.5)).toBe(30_000);
  });
});
