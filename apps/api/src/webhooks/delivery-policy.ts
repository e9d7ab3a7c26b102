/**
 * What an attempt's outcome means for the endpoint (pure: no I/O, no clock). Success is a 2xx within
 * the timeout; 410 Gone means the receiver wants no more; anything else is retried with exponential
 * back-off and full jitter until the retry window (3 days by default) since the first attempt is over.
 */
export interface AttemptResult {
  /** The HTTP status, when the receiver answered within the timeout. */
  status: number | null;
  latencyMs: number;
  /** Why there was no usable answer (timeout, connection refused or reset, refused target). */
  error: string | null;
}

export type Verdict =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'disable'; reason: string };

export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export function verdict(result: AttemptResult, attemptsBefore: number, msSinceFirstAttempt: number, policy: RetryPolicy, random: number): Verdict {
  if (result.status !== null && result.status >= 200 && result.status < 300) return { kind: 'delivered' };
  if (result.status === 410) return { kind: 'disable', reason: 'the receiver answered 410 Gone' };
  const why = result.status !== null ? `HTTP ${result.status}` : result.error ?? 'no answer';
  if (msSinceFirstAttempt >= policy.windowMs) {
    return { kind: 'disable', reason: `deliveries failed for ${duration(policy.windowMs)} (last: ${why})` };
  }
  return { kind: 'retry', delayMs: backoffMs(attemptsBefore + 1, policy, random) };
}

/** Full jitter: uniformly between 0 and min(max, base · 2^(attempt-1)). `random` in [0, 1). */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxDelayMs'>, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.floor(random * ceiling);
}

function duration(ms: number): string {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000} days`;
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10} hours`;
  return `${Math.round(ms / 100) / 10} s`;
}
