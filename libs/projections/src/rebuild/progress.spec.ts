import { ProgressMeter } from './progress';

describe('rebuild progress', () => {
  it('reports events done, the total and the rate since the start', () => {
    let now = 1_000;
    const meter = new ProgressMeter(() => now);
    meter.total = 10_000;
    meter.done = 5_000;
    now += 2_000;
    expect(meter.report('building')).toEqual({ phase: 'building', done: 5_000, total: 10_000, rate: 2_500, elapsedMs: 2_000 });
  });

  it('never reports more done than the total (events keep arriving during a rebuild)', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    meter.total = 100;
    meter.done = 150;
    now = 1_000;
    expect(meter.report('done').total).toBe(150);
    expect(new ProgressMeter(() => 0).report('building')).toMatchObject({ rate: 0, total: undefined });
  });
});
