import { type MigrationSet } from '@billing/event-store';

/**
 * The webhooks' own tables (their own migration set, like the process checkpoints): the endpoints, each
 * with its cursor on the store, and the delivery log, one row per endpoint and event attempted.
 */
export const WEBHOOK_MIGRATIONS: MigrationSet = {
  table: 'webhook_migrations',
  lockKey: 7_324_219,
  migrations: [
    {
      version: 1,
      name: 'webhook endpoints and deliveries',
      sql: `CREATE TABLE webhook_endpoints (
              id text PRIMARY KEY,
              url text NOT NULL,
              event_types text[],
              account_id text,
              description text,
              status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
              disabled_reason text,
              disabled_at timestamptz,
              secret text NOT NULL,
              previous_secret text,
              previous_secret_expires_at timestamptz,
              -- Events strictly after this position are still to be delivered (the endpoint's own cursor).
              position text NOT NULL,
              -- Moved on each replay: deliveries of an older epoch no longer count as done.
              epoch integer NOT NULL DEFAULT 0,
              created_at timestamptz NOT NULL DEFAULT now(),
              updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE webhook_deliveries (
              endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
              event_id text NOT NULL,
              position text NOT NULL,
              event_type text NOT NULL,
              stream_id text NOT NULL,
              stream_revision bigint NOT NULL,
              state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
              epoch integer NOT NULL,
              attempts integer NOT NULL DEFAULT 0,
              first_attempt_at timestamptz,
              last_attempt_at timestamptz,
              last_status integer,
              last_latency_ms integer,
              last_error text,
              next_attempt_at timestamptz,
              -- Asked for again from the console: sent once more, whatever the cursor says.
              redeliver boolean NOT NULL DEFAULT false,
              PRIMARY KEY (endpoint_id, event_id)
            );
            CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, position DESC);
            CREATE INDEX webhook_deliveries_redeliver ON webhook_deliveries (endpoint_id) WHERE redeliver`,
    },
  ],
};
