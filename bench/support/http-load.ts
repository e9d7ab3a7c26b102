import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  /** What the errors were: an HTTP status or a network error's code, with how often, e.g. "503 x2, ECONNRESET x1". */
  errorKinds: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request; resolves with its status (keep-alive connections, so we measure the service, not TCP set-up). */
export function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { ...headers, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Closed loop: `concurrency` clients, each sending its next request when the last one answered.
 * Open loop (`ratePerSecond`): requests start on a schedule whatever the answers, which is what a
 * latency figure "at N requests per second" needs.
 */
export async function load(options: { concurrency: number; seconds: number; ratePerSecond?: number; next: () => Promise<number> }): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const kinds = new Map<string, number>();
  const failed = (kind: string) => {
    errors++;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  };
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const one = async () => {
    const t = performance.now();
    try {
      const status = await options.next();
      if (status >= 400) failed(String(status));
    } catch (error) {
      failed((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    }
    latencies.push(performance.now() - t);
  };
  if (options.ratePerSecond) {
    const interval = 1000 / options.ratePerSecond;
    const inFlight: Promise<void>[] = [];
    for (let at = started; at < until; at += interval) {
      const wait = at - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(one());
    }
    await Promise.all(inFlight);
  } else {
    await Promise.all(Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) await one();
    }));
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, errors, errorKinds: [...kinds].map(([kind, n]) => `${kind} x${n}`).join(', '), seconds, perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99),
  };
}
