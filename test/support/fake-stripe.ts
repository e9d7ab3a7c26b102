import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The form body, flattened as Stripe encodes it: `line_items[0][quantity]` → '300'. */
  form: Record<string, string>;
}

type Route = (request: StripeRequest) => { status?: number; body: unknown } | undefined;

/**
 * A local HTTP server standing in for api.stripe.com, so the real Stripe SDK can be driven
 * (STRIPE_API_URL) and the exact requests it sends can be asserted.
 */
export class FakeStripe {
  readonly requests: StripeRequest[] = [];
  private routes: Route[] = [];
  private server: Server | undefined;

  on(route: Route): void {
    this.routes.unshift(route);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const form = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? url.search : raw));
        const request: StripeRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, form };
        this.requests.push(request);
        const answer = this.routes.map((route) => route(request)).find((a) => a !== undefined)
          ?? { status: 404, body: { error: { type: 'invalid_request_error', message: `no fake for ${request.method} ${request.path}` } } };
        res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', 'Request-Id': `req_${this.requests.length}` });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
