import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a receiver does with its n-th request (0-based): answer a status, after a delay, hang, or drop the connection. */
export type Answer = number | { status: number; afterMs: number } | 'hang' | 'close';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  answer: Answer;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A webhook receiver on a local port (node:http), answering as `behave` says. */
export async function startReceiver(behave: (n: number, body: string) => Answer): Promise<Receiver> {
  const received: Received[] = [];
  const held = new Set<import('node:net').Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = behave(received.length, body);
      received.push({ headers: request.headers, body, at: Date.now(), answer });
      if (answer === 'hang') return;
      if (answer === 'close') {
        request.socket.destroy();
        return;
      }
      const { status, afterMs } = typeof answer === 'number' ? { status: answer, afterMs: 0 } : answer;
      const timer = setTimeout(() => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), afterMs);
      response.on('close', () => clearTimeout(timer));
    });
  });
  server.on('connection', (socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise((resolve) => {
      for (const socket of held) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * The Standard Webhooks verification, written here from the specification (independently of the
 * service's code): the key is the base64 after `whsec_`; the signed content is `id.timestamp.body`;
 * the header holds space-separated `v1,<base64>` signatures, any one of which may match; the timestamp
 * must be within 5 minutes. Returns which of `secrets` signed.
 */
export function verifyStandardWebhook(secrets: string[], headers: IncomingHttpHeaders, body: string, nowSeconds = Math.floor(Date.now() / 1000)): string[] {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) throw new Error(`timestamp ${timestamp} is too far from now`);
  const given = String(headers['webhook-signature']).split(' ').map((part) => {
    const [version, signature] = part.split(',');
    return version === 'v1' ? Buffer.from(signature ?? '', 'base64') : Buffer.alloc(0);
  });
  return secrets.filter((secret) => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
    return given.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected));
  });
}

export { eventually } from './eventually';
