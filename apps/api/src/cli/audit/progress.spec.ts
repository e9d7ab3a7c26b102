import { progressBar, progressLine, progressOutput } from './progress';

describe('progress on long runs', () => {
  it('prints done of total, the percentage and the rate', () => {
    expect(progressLine('rebuild', { done: 450_000, total: 1_000_000, rate: 52_000.4 })).toBe('rebuild: 450,000 of 1,000,000 events (45%), 52,000 events/s');
    expect(progressLine('verify', { done: 10, total: undefined, rate: 0 })).toBe('verify: 10 events, 0 events/s');
  });

  it('draws a bar for terminals', () => {
    expect(progressBar('rebuild', { done: 1, total: 4, rate: 1 }, 8)).toBe('[##------] rebuild: 1 of 4 events (25%), 1 events/s');
  });

  it('redraws in place on a terminal and prints plain lines elsewhere', () => {
    const written: string[] = [];
    const stream = (isTTY: boolean) => ({ isTTY, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
    progressOutput('x', stream(true)).finish({ done: 1, total: 1, rate: 1 });
    progressOutput('x', stream(false)).finish({ done: 1, total: 1, rate: 1 });
    expect(written[0].startsWith('\r[')).toBe(true);
    expect(written[1]).toBe('x: 1 of 1 events (100%), 1 events/s\n');
  });
});
