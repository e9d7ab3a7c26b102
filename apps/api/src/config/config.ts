import { DEFAULT_PLANS, isDomainError, parsePlanCatalogue, type PlanCatalogue } from '@billing/domain';
import type { WebhookSettings } from '../webhooks/webhook-settings';
import { type AuthConfig, readAuthConfig } from './auth-config';

export { type AuthConfig, DEVELOPMENT_JWT_SECRET } from './auth-config';

/**
 * Configuration is read once, at start-up, from the environment, validated, and frozen.
 * A bad value stops the service with a message naming the variable; development defaults
 * (embedded database, development JWT secret) refuse to run in production mode.
 */
export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  /** undefined: start the embedded PostgreSQL (development only). */
  databaseUrl: string | undefined;
  embeddedPostgres: { dataDir: string; port: number };
  dbPoolMax: number;
  dbStatementTimeoutMs: number;
  /** Selects the EventStoreDB adapter for events; read models stay in PostgreSQL. */
  eventStoreConnectionString: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Bind each request's correlation id to every line logged while handling it (an AsyncLocalStorage). */
  logRequestContext: boolean;
  /** How tokens are verified (see auth-config.ts); the development login exists only with the development secret. */
  auth: AuthConfig;
  /** The plan catalogue: the defaults, or PLAN_CATALOGUE (JSON) when an operator overrides them. */
  plans: PlanCatalogue;
  /** No secret key: the sandbox checkout completes purchases (development only). */
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; apiUrl: string | undefined; requestTimeoutMs: number };
  /** How the auto-reload payment process charges: in parallel, retrying transient faults within a budget. */
  autoReload: {
    /** Charges in flight at once: a slow or failing one holds only its own slot. */
    concurrency: number;
    /** First retry delay; each next one doubles (full jitter), capped at 15 minutes. */
    retryBaseMs: number;
    /** Retries stop this long after the first attempt, before Stripe forgets the idempotency key (24 h). */
    retryBudgetMs: number;
  };
  /** Where browsers reach this service: Checkout's success and cancel URLs point back here. */
  publicUrl: string;
  /** Run the read-model projections in this process (default yes; several instances share them). */
  projectionsEnabled: boolean;
  /** Run the auto-reload payment process in this process (default yes; one instance owns it at a time). */
  paymentProcessEnabled: boolean;
  /** Accounts whose folded state this process keeps (the least recently used are dropped). */
  stateCacheSize: number;
  /** Set: GET /metrics needs `Authorization: Bearer <token>`; unset: /metrics is open. */
  metricsToken: string | undefined;
  /** Expensive reads (audit replay and verify, balance as of, ledger export) per principal and route per minute; 0: no limit. */
  rateLimitExpensivePerMinute: number;
  /** Downstream webhooks (apps/api/src/webhooks): delivery, timeouts, retries and allowed targets. */
  webhooks: WebhookSettings;
}

/** Stripe keeps an idempotency key 24 hours; retries end an hour before. */
export const MAX_RETRY_BUDGET_MS = 23 * 60 * 60 * 1_000;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * `tool`: a command-line tool (tokens, audits) on the service's configuration. It takes no payments, so
 * the service's payment requirements (a Stripe key in production or beside a real secret) do not apply.
 */
export function loadConfig(env: Env = process.env, use: 'service' | 'tool' = 'service'): Config {
  const problems: string[] = [];
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development', problems);
  const production = nodeEnv === 'production';
  const int = (name: string, fallback: number, min: number, max: number) => integer(env, name, fallback, min, max, problems);

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// connection string');
  if (production && !databaseUrl) problems.push('DATABASE_URL is required in production (the embedded PostgreSQL is for development)');

  const eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined;
  if (eventStoreConnectionString && !/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//.test(eventStoreConnectionString)) {
    problems.push('EVENTSTORE_CONNECTION_STRING must start with esdb:// (or esdb+discover://)');
  }

  const auth = readAuthConfig(env, production, problems);

  const stripe = {
    secretKey: env.STRIPE_SECRET_KEY?.trim() || undefined,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() || undefined,
    apiUrl: env.STRIPE_API_URL?.trim() || undefined,
    requestTimeoutMs: int('STRIPE_REQUEST_TIMEOUT_MS', 10_000, 100, 120_000),
  };
  if (stripe.secretKey && !/^(sk|rk)_(test|live)_/.test(stripe.secretKey)) problems.push('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)');
  if (stripe.secretKey && !stripe.webhookSecret) problems.push('STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (webhooks confirm payments)');
  if (stripe.apiUrl && !/^https?:\/\/[^/]+/.test(stripe.apiUrl)) problems.push('STRIPE_API_URL must be an http(s) URL');
  const service = use === 'service';
  if (service && production && !stripe.secretKey) problems.push('STRIPE_SECRET_KEY is required in production (the sandbox checkout is for development)');
  // The sandbox completes purchases without payment: a development convenience, so it goes away with the
  // development secret, whatever NODE_ENV says. A test environment with its own secret asks for it by name.
  const sandboxAsked = flag(env, 'PAYMENTS_SANDBOX', false, problems);
  if (service && !production && !stripe.secretKey && !auth.usingDevelopmentSecret && !sandboxAsked) {
    problems.push('STRIPE_SECRET_KEY is not set while AUTH_JWT_SECRET or AUTH_JWKS_URL is: the sandbox checkout (credits without payment) '
      + 'does not run beside a real secret. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PAYMENTS_SANDBOX=true for a test environment');
  }
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, '');
  if (!/^https?:\/\//.test(publicUrl)) problems.push('PUBLIC_URL must be an http(s) URL');

  if (/^https?:\/\//.test(publicUrl) && !URL.canParse(publicUrl)) problems.push('PUBLIC_URL is not a valid URL'); // the CSP names its origin

  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be at least 16 printable characters without spaces');
  }

  let plans = DEFAULT_PLANS;
  if (env.PLAN_CATALOGUE) {
    try {
      plans = parsePlanCatalogue(JSON.parse(env.PLAN_CATALOGUE));
    } catch (error) {
      problems.push(`PLAN_CATALOGUE is not a valid plan catalogue: ${isDomainError(error) || error instanceof SyntaxError ? error.message : String(error)}`);
    }
  }

  const config: Config = {
    nodeEnv,
    port: int('PORT', 3000, 0, 65_535),
    databaseUrl,
    embeddedPostgres: { dataDir: env.EMBEDDED_PG_DIR || '.data/postgres', port: int('EMBEDDED_PG_PORT', 54_329, 1, 65_535) },
    dbPoolMax: int('DB_POOL_MAX', 20, 1, 500),
    dbStatementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    eventStoreConnectionString,
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info', problems),
    logRequestContext: flag(env, 'LOG_REQUEST_CONTEXT', true, problems),
    auth,
    plans,
    stripe,
    publicUrl,
    projectionsEnabled: flag(env, 'PROJECTIONS_ENABLED', true, problems),
    paymentProcessEnabled: flag(env, 'PAYMENT_PROCESS_ENABLED', true, problems),
    stateCacheSize: int('STATE_CACHE_SIZE', 1_000, 0, 1_000_000),
    metricsToken,
    rateLimitExpensivePerMinute: int('RATE_LIMIT_EXPENSIVE_PER_MINUTE', 30, 0, 100_000),
    autoReload: {
      concurrency: int('AUTO_RELOAD_CONCURRENCY', 16, 1, 256),
      retryBaseMs: int('AUTO_RELOAD_RETRY_BASE_MS', 1_000, 10, 600_000),
      // At most 23 h: a retry after Stripe's 24-hour key expiry could charge twice.
      retryBudgetMs: int('AUTO_RELOAD_RETRY_BUDGET_MS', MAX_RETRY_BUDGET_MS, 100, MAX_RETRY_BUDGET_MS),
    },
    webhooks: {
      enabled: flag(env, 'WEBHOOKS_ENABLED', true, problems),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      retry: {
        baseMs: int('WEBHOOK_RETRY_BASE_MS', 5_000, 10, 3_600_000),
        maxDelayMs: int('WEBHOOK_RETRY_MAX_DELAY_MS', 3_600_000, 10, 86_400_000),
        windowMs: int('WEBHOOK_RETRY_WINDOW_MS', 3 * 86_400_000, 100, 30 * 86_400_000),
      },
      concurrency: int('WEBHOOK_CONCURRENCY', 4, 1, 64),
      batchSize: 200,
      idlePollMs: 1_000,
      // Private and loopback receivers only where an operator says so: in production the default refuses them.
      targets: oneOf(env, 'WEBHOOK_TARGETS', ['public', 'any'] as const, production ? 'public' : 'any', problems),
      rotationGraceMs: 24 * 3_600_000,
      logRetentionMs: 7 * 86_400_000,
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }
  return raw as T;
}
