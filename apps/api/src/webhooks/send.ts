import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { AttemptResult } from './delivery-policy';
import { guardedLookup, hostOf, isBlockedAddress, type TargetPolicy, urlProblem } from './target-url';

/** What the receiver's answer body may cost us: it is read and dropped, never kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One POST. Success needs the status within `timeoutMs` (the body after it is drained, not awaited).
 * Redirects are not followed (a 3xx is a failure): following one would let a receiver point us anywhere.
 */
/**
 * Kept-alive connections for one endpoint's worker (a TLS handshake per event would cost more than the
 * event). A kept socket stays connected to the address that was checked when it was opened.
 */
export class Connections {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;

  constructor(maxSockets: number) {
    // Idle sockets close after 4 s, before the 5 s after which Node servers (and many others) close theirs.
    this.http = new HttpAgent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4_000 });
    this.https = new HttpsAgent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4_000 });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export function send(url: string, headers: Record<string, string>, body: string, timeoutMs: number, policy: TargetPolicy, connections?: Connections): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  // Judged again at each delivery (the policy may be stricter than when the URL was registered); a
  // literal IP never passes through lookup, so it is judged here.
  const problem = urlProblem(url, policy);
  if (problem) return Promise.resolve({ status: null, latencyMs: 0, error: problem });
  const host = hostOf(target);
  if (policy === 'public' && isIP(host) && isBlockedAddress(host)) {
    return Promise.resolve({ status: null, latencyMs: 0, error: `${host} is not a public address` });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'billing-webhooks/1' },
      lookup: guardedLookup(policy),
      agent: connections ? (target.protocol === 'https:' ? connections.https : connections.http) : false,
    });
    const timer = setTimeout(() => {
      done({ status: null, latencyMs: elapsed(), error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('response', (response) => {
      done({ status: response.statusCode ?? null, latencyMs: elapsed(), error: null });
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      response.on('error', () => undefined);
      response.resume();
      // An answer whose body never ends holds a socket, not the delivery: it is cut after the timeout.
      setTimeout(() => request.destroy(), timeoutMs).unref();
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the receiver closed as we reused it: nothing reached the receiver, so ask
      // again at once on a new connection (Node's documented pattern) rather than count a failure.
      if (connections && request.reusedSocket && error.code === 'ECONNRESET' && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(send(url, headers, body, timeoutMs, policy));
        return;
      }
      done({ status: null, latencyMs: elapsed(), error: error.code ?? error.message });
    });
    request.end(body);
  });
}
