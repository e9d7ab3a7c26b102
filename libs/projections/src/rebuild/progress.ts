/** What a long rebuild reports, as often as each batch commits. */
export interface RebuildProgress {
  phase: 'building' | 'swapping' | 'done';
  /** Events read from the store and applied to the new tables so far. */
  done: number;
  /** Billing events in the store when last counted; undefined when the store cannot say. */
  total: number | undefined;
  /** Events per second since the start. */
  rate: number;
  elapsedMs: number;
}

/** Counts and times a run; a fresh object per report so callers may keep them. */
export class ProgressMeter {
  private readonly started: number;
  done = 0;
  total: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  report(phase: RebuildProgress['phase']): RebuildProgress {
    const elapsedMs = Math.max(0, this.now() - this.started);
    // Writes go on during a rebuild: the count taken at the start may be passed, never shown as > 100 %.
    const total = this.total === undefined ? undefined : Math.max(this.total, this.done);
    return { phase, done: this.done, total, rate: elapsedMs > 0 ? (this.done * 1_000) / elapsedMs : 0, elapsedMs };
  }
}
