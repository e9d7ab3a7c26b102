import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The form body, flattened as Stripe encodes it: `line_items[0][quantity]` → '300'. */
  form: Record<string, string>;
}

export type ListedKind = 'payment_intents' | 'checkout/sessions' | 'refunds';
const LISTED_KINDS: readonly ListedKind[] = ['payment_intents', 'checkout/sessions', 'refunds'];

type Route = (request: StripeRequest) => { status?: number; body: unknown } | undefined;

/**
 * What the stand-in does instead of answering normally, as Stripe (or the network to it) would fail:
 * - `permanent`: 404 invalid_request_error resource_missing "No such PaymentMethod" (the card was removed);
 * - `server_error`: 500 api_error; `rate_limited`: 429 rate_limit_error;
 * - `wrong_key`: 401 as Stripe answers an invalid API key; `permission`: 403 permission_error;
 * - `hang`: never answers (until the fault is cleared or the server stops);
 * - `reset`: the connection is destroyed without an answer.
 */
export type StripeFaultKind = 'permanent' | 'server_error' | 'rate_limited' | 'wrong_key' | 'permission' | 'hang' | 'reset';

/** Which requests a fault applies to; every given field must match. */
export interface FaultMatch {
  customer?: string;
  paymentMethod?: string;
  path?: string;
}

export interface FaultHandle {
  /** Requests the fault answered so far. */
  readonly hits: number;
  /** Stop failing (hung requests stay hung until they time out on the client's side). */
  clear(): void;
}

interface FaultRule {
  match: FaultMatch;
  kind: StripeFaultKind;
  remaining: number;
  hits: number;
}

const ERRORS: Record<Exclude<StripeFaultKind, 'hang' | 'reset'>, { status: number; error: Record<string, string> }> = {
  permanent: { status: 404, error: { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: "No such PaymentMethod: 'pm_removed'" } },
  server_error: { status: 500, error: { type: 'api_error', message: 'An unknown error occurred' } },
  rate_limited: { status: 429, error: { type: 'rate_limit_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } },
  wrong_key: { status: 401, error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_***wrong' } },
  permission: { status: 403, error: { type: 'permission_error', message: 'The provided key does not have the required permissions for this endpoint.' } },
};

/**
 * A local HTTP server standing in for api.stripe.com, so the real Stripe SDK can be driven
 * (STRIPE_API_URL) and the exact requests it sends can be asserted. Faults can be set per customer,
 * per payment method or per path, for a number of requests or until cleared.
 */
export class FakeStripe {
  readonly requests: StripeRequest[] = [];
  /** Idempotency key → PaymentIntent id, as Stripe keeps them (servePaymentIntents). */
  readonly intents = new Map<string, string>();
  private routes: Route[] = [];
  private faults: FaultRule[] = [];
  private server: Server | undefined;

  on(route: Route): void {
    this.routes.unshift(route);
  }

  /** Off-session PaymentIntents that succeed, one per idempotency key (a repeated key answers the same intent). */
  servePaymentIntents(): void {
    this.on((r) => {
      if (r.method !== 'POST' || r.path !== '/v1/payment_intents') return undefined;
      const key = String(r.headers['idempotency-key']);
      const id = this.intents.get(key) ?? `pi_${this.intents.size + 1}`;
      this.intents.set(key, id);
      return { body: { id, object: 'payment_intent', status: 'succeeded', amount: Number(r.form.amount), currency: r.form.currency } };
    });
  }

  /**
   * Objects the stand-in lists and retrieves as Stripe does: GET /v1/<kind> newest first (created, then
   * id), `limit` (default 10), `starting_after`, `created[gte]`/`created[lt]`, `charge` (refunds), `has_more`; GET
   * /v1/<kind>/<id> retrieves one (404 resource_missing when absent). Each needs `id` and `created`.
   */
  readonly stored: Record<ListedKind, { id: string; created: number; [field: string]: unknown }[]> = {
    payment_intents: [], 'checkout/sessions': [], refunds: [],
  };

  serveLists(): void {
    this.on((r) => {
      if (r.method !== 'GET') return undefined;
      const kind = LISTED_KINDS.find((k) => r.path === `/v1/${k}` || r.path.startsWith(`/v1/${k}/`));
      if (!kind) return undefined;
      const all = this.stored[kind];
      if (r.path !== `/v1/${kind}`) {
        const id = decodeURIComponent(r.path.slice(`/v1/${kind}/`.length));
        const found = all.find((o) => o.id === id);
        return found ? { body: found } : { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'` } } };
      }
      const gte = r.form['created[gte]'] === undefined ? -Infinity : Number(r.form['created[gte]']);
      const lt = r.form['created[lt]'] === undefined ? Infinity : Number(r.form['created[lt]']);
      const sorted = all.filter((o) => o.created >= gte && o.created < lt && (r.form.charge === undefined || o.charge === r.form.charge)).sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
      const after = r.form.starting_after ? sorted.findIndex((o) => o.id === r.form.starting_after) + 1 : 0;
      const limit = Number(r.form.limit ?? 10);
      const data = sorted.slice(after, after + limit);
      return { body: { object: 'list', url: `/v1/${kind}`, data, has_more: after + limit < sorted.length } };
    });
  }

  /** List pages requested of a kind (GET /v1/<kind>). */
  pagesOf(kind: ListedKind): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path === `/v1/${kind}`).length;
  }

  /** Answers matching requests with `kind`, `times` times (default: until cleared). */
  fail(match: FaultMatch, kind: StripeFaultKind, times = Infinity): FaultHandle {
    const rule: FaultRule = { match, kind, remaining: times, hits: 0 };
    this.faults.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      clear: () => {
        rule.remaining = 0;
      },
    };
  }

  /** PaymentIntent requests sent with this idempotency key. */
  chargesWithKey(key: string): StripeRequest[] {
    return this.requests.filter((r) => r.path === '/v1/payment_intents' && r.headers['idempotency-key'] === key);
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
        const fault = this.faults.find((rule) => rule.remaining > 0 && matches(rule.match, request));
        if (fault) {
          fault.remaining -= 1;
          fault.hits += 1;
          return this.misbehave(fault.kind, res);
        }
        const answer = this.routes.map((route) => route(request)).find((a) => a !== undefined)
          ?? { status: 404, body: { error: { type: 'invalid_request_error', message: `no fake for ${request.method} ${request.path}` } } };
        this.answer(res, answer.status ?? 200, answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private misbehave(kind: StripeFaultKind, res: ServerResponse): void {
    if (kind === 'hang') return; // the client's timeout ends it
    if (kind === 'reset') {
      res.socket?.destroy();
      return;
    }
    const { status, error } = ERRORS[kind];
    this.answer(res, status, { error });
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${this.requests.length}` });
    res.end(JSON.stringify(body));
  }
}

function matches(match: FaultMatch, request: StripeRequest): boolean {
  if (match.path !== undefined && request.path !== match.path) return false;
  if (match.customer !== undefined && request.form.customer !== match.customer) return false;
  if (match.paymentMethod !== undefined && request.form.payment_method !== match.paymentMethod) return false;
  return true;
}
