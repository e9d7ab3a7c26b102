import { request } from 'node:http';
import { agent, load } from './http-load';
import { table } from './database';
import { cpuTimes } from './cpu';

/** One request whose answer is read whole (the batch's per-item statuses). */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POST /v1/call-ends with batches of 100 and of 1,000 call ends, spread over the accounts (consecutive
 * items for consecutive accounts, so a batch of 1,000 touches each of 1,000 accounts once), at 1, 8
 * and 32 clients: call ends per second, the batch's latency, and the ratio to the INSERT reference.
 * An item answered other than 201 counts as an error (the batch itself is 200 whatever its items).
 */
export async function batchLoad(url: string, headers: Record<string, string>, accounts: number, seconds: number, reference: number, apiPid?: number): Promise<string> {
  const rows: (string | number)[][] = [['batch', 'clients', 'call ends/s', 'batch p50 ms', 'batch p99 ms', 'errors', 'vs INSERT ref', 'API CPU ms/call end', 'all CPU ms/call end']];
  // BENCH_BATCH_SIZES / BENCH_BATCH_CLIENTS ("100", "8 32"…) narrow the figures when iterating.
  const list = (name: string, fallback: number[]) => (process.env[name] ? process.env[name].split(/[ ,]+/).filter(Boolean).map(Number) : fallback);
  let counter = 0;
  let best100 = 0;
  for (const size of list('BENCH_BATCH_SIZES', [100, 1_000])) {
    for (const concurrency of list('BENCH_BATCH_CLIENTS', [1, 8, 32])) {
      let itemErrors = 0;
      const next = async () => {
        const endedAt = new Date().toISOString();
        const callEnds = Array.from({ length: size }, () => {
          const n = counter++;
          return { accountId: `acc_${n % accounts}`, callId: `batch_${n}`, durationSeconds: 60, endedAt };
        });
        const { status, text } = await post(`${url}/v1/call-ends`, headers, JSON.stringify({ callEnds }));
        if (status === 200) itemErrors += (JSON.parse(text) as { results: { status: number }[] }).results.filter((r) => r.status !== 201).length;
        return status;
      };
      const before = apiPid ? cpuTimes(apiPid) : undefined;
      const r = await load({ concurrency, seconds, next });
      const after = apiPid ? cpuTimes(apiPid) : undefined;
      const items = r.requests * size;
      const perItem = (which: 'process' | 'machine') => (before && after ? ((after[which] - before[which]) / items).toFixed(3) : '-');
      const perSecond = ((r.requests - r.errors) * size) / r.seconds;
      if (size === 100) best100 = Math.max(best100, perSecond);
      rows.push([String(size), String(concurrency), Math.round(perSecond), r.p50.toFixed(1), r.p99.toFixed(1),
        `${r.errors} batches, ${itemErrors} items${r.errorKinds ? ` (${r.errorKinds})` : ''}`, (perSecond / reference).toFixed(2), perItem('process'), perItem('machine')]);
    }
  }
  return `batches of call ends (POST /v1/call-ends), ${seconds} s per figure:\n${table(rows)}\n`
    + `best batches of 100: ${(best100 / reference).toFixed(2)} x the INSERT reference (target >= 1.5)`;
}
