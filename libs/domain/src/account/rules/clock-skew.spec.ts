import { endedTooFarInFuture, MAX_CLOCK_SKEW_MS } from './clock-skew';

describe('Call ends: clocks may differ by at most 5 minutes', () => {
  const now = '2024-03-01T12:00:00.000Z';
  it('a call that ends up to 5 minutes after our clock is accepted; later is refused', () => {
    expect(MAX_CLOCK_SKEW_MS).toBe(300_000);
    expect(endedTooFarInFuture('2024-03-01T12:05:00.000Z', now)).toBe(false);
    expect(endedTooFarInFuture('2024-03-01T12:05:00.001Z', now)).toBe(true);
    expect(endedTooFarInFuture('2024-03-01T11:00:00Z', now)).toBe(false);
  });
});
