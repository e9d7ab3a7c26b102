export interface ProgressSnapshot {
  done: number;
  total: number | undefined;
  rate: number;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** "450,000 of 1,000,000 events (45%), 52,000 events/s" — the plain line for logs. */
export function progressLine(label: string, { done, total, rate }: ProgressSnapshot, unit = 'events'): string {
  const of = total ? ` of ${n(total)}` : '';
  const percent = total ? ` (${Math.floor((Math.min(done, total) * 100) / total)}%)` : '';
  return `${label}: ${n(done)}${of} ${unit}${percent}, ${n(rate)} ${unit}/s`;
}

/** "[#########-----------]  45% …" — the bar for a terminal, redrawn in place. */
export function progressBar(label: string, snapshot: ProgressSnapshot, width = 24, unit = 'events'): string {
  const { done, total } = snapshot;
  const share = total ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progressLine(label, snapshot, unit)}`;
}

export interface ProgressOutput {
  update(snapshot: ProgressSnapshot): void;
  finish(snapshot: ProgressSnapshot): void;
}

/**
 * To stderr, so stdout stays the command's output: a bar redrawn at most 10 times a second on a
 * terminal, a plain line every few seconds otherwise (CI logs, pipes).
 */
export function progressOutput(label: string, stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 2_000, unit = 'events'): ProgressOutput {
  const tty = stream.isTTY === true;
  let last = 0;
  return {
    update(snapshot) {
      const now = Date.now();
      if (now - last < (tty ? 100 : plainEveryMs)) return;
      last = now;
      stream.write(tty ? `\r${progressBar(label, snapshot, 24, unit)}\x1b[K` : `${progressLine(label, snapshot, unit)}\n`);
    },
    finish(snapshot) {
      stream.write(tty ? `\r${progressBar(label, snapshot, 24, unit)}\x1b[K\n` : `${progressLine(label, snapshot, unit)}\n`);
    },
  };
}
