import type { Pool } from 'pg';
import { migrate, type MigrationSet } from '@billing/event-store';
import { assertIdentifier } from './table';

/** Distinct from the event store's key (7_324_001): projections migrate under their own lock. */
export const PROJECTION_MIGRATIONS_LOCK_KEY = 7_324_101;

/**
 * The read-model tables and their checkpoints, in one PostgreSQL schema ('public' for the live ones).
 * A schema other than public holds a second, independent set: a fresh replay to compare with, and
 * later the rebuild that is swapped in. Positions are text: they sort in store order as they are.
 */
function v1(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE ${s}.projection_checkpoints (
  name        text PRIMARY KEY,
  position    text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- The poison event that stopped this projection, if any (cleared when it moves again).
  failed_event_id text,
  failed_position text,
  failure     text
);

CREATE TABLE ${s}.proj_accounts (
  account_id           text PRIMARY KEY,
  plan_id              text NOT NULL,
  time_zone            text NOT NULL,
  stripe_customer_id   text,
  payment_method_id    text,
  balance_seconds      bigint NOT NULL,
  balance_minutes      numeric(16, 2) NOT NULL,
  auto_reload_enabled  boolean NOT NULL,
  threshold_minutes    integer NOT NULL,
  monthly_maximum      integer NOT NULL,
  disabled_reason      text,
  consecutive_failures integer NOT NULL,
  reload_in_flight     text,
  opened_at            timestamptz NOT NULL,
  last_event_at        timestamptz NOT NULL,
  position             text NOT NULL
);
CREATE INDEX ON ${s}.proj_accounts (balance_seconds, account_id);
CREATE INDEX ON ${s}.proj_accounts (plan_id, account_id);

CREATE TABLE ${s}.proj_credit_ledger (
  event_id              uuid PRIMARY KEY,
  account_id            text NOT NULL,
  kind                  text NOT NULL,
  seconds               bigint NOT NULL,
  minutes               numeric(16, 2) NOT NULL,
  balance_after_seconds bigint NOT NULL,
  balance_after_minutes numeric(16, 2) NOT NULL,
  purchase_id           text,
  reload_id             text,
  call_id               text,
  at                    timestamptz NOT NULL,
  position              text NOT NULL
);
-- Newest first per account is how support reads it.
CREATE INDEX ON ${s}.proj_credit_ledger (account_id, position DESC);

CREATE TABLE ${s}.proj_purchases (
  account_id            text NOT NULL,
  purchase_id           text NOT NULL,
  status                text NOT NULL,
  plan_id               text NOT NULL,
  blocks                integer NOT NULL,
  minutes               integer NOT NULL,
  rate_per_minute_cents bigint NOT NULL,
  total_cents           bigint NOT NULL,
  currency              text NOT NULL,
  started_by            text NOT NULL,
  started_at            timestamptz NOT NULL,
  payment_reference     text,
  failure_code          text,
  settled_at            timestamptz,
  position              text NOT NULL,
  PRIMARY KEY (account_id, purchase_id)
);
CREATE INDEX ON ${s}.proj_purchases (account_id, started_at DESC);

CREATE TABLE ${s}.proj_reloads (
  account_id            text NOT NULL,
  reload_id             text NOT NULL,
  call_id               text NOT NULL,
  month                 text NOT NULL,
  status                text NOT NULL,
  plan_id               text NOT NULL,
  blocks                integer NOT NULL,
  minutes               integer NOT NULL,
  rate_per_minute_cents bigint NOT NULL,
  total_cents           bigint NOT NULL,
  currency              text NOT NULL,
  payment_method_id     text NOT NULL,
  payment_reference     text,
  decline_code          text,
  consecutive_failures  integer,
  triggered_at          timestamptz NOT NULL,
  settled_at            timestamptz,
  position              text NOT NULL,
  PRIMARY KEY (account_id, reload_id)
);
CREATE INDEX ON ${s}.proj_reloads (account_id, triggered_at DESC);

CREATE TABLE ${s}.proj_calls (
  account_id                   text NOT NULL,
  call_id                      text NOT NULL,
  ended_at                     timestamptz NOT NULL,
  month                        text NOT NULL,
  duration_seconds             bigint NOT NULL,
  subscription_seconds         bigint NOT NULL,
  credit_seconds               bigint NOT NULL,
  credit_balance_after_seconds bigint NOT NULL,
  reload_decision              text NOT NULL,
  threshold_seconds            bigint,
  reload_id                    text,
  position                     text NOT NULL,
  PRIMARY KEY (account_id, call_id)
);
CREATE INDEX ON ${s}.proj_calls (account_id, ended_at DESC);

CREATE TABLE ${s}.proj_monthly_usage (
  account_id           text NOT NULL,
  month                text NOT NULL,
  subscription_seconds bigint NOT NULL,
  credit_seconds       bigint NOT NULL,
  calls                integer NOT NULL,
  reloads_completed    integer NOT NULL,
  position             text NOT NULL,
  PRIMARY KEY (account_id, month)
);
`;
}

/** The settings trail (issue 18): one row per auto-reload settings event. */
function v2(s: string): string {
  return `
CREATE TABLE ${s}.proj_settings_changes (
  event_id          uuid PRIMARY KEY,
  account_id        text NOT NULL,
  kind              text NOT NULL,
  enabled           boolean NOT NULL,
  threshold_minutes integer,
  monthly_maximum   integer,
  configured_by     text,
  reason            text,
  at                timestamptz NOT NULL,
  position          text NOT NULL
);
CREATE INDEX ON ${s}.proj_settings_changes (account_id, position);
`;
}

export function projectionMigrations(schema = 'public'): MigrationSet {
  const s = assertIdentifier(schema);
  return {
    // The bookkeeping table lives in the schema it describes, so each schema migrates on its own.
    table: s === 'public' ? 'projection_migrations' : `${s}.projection_migrations`,
    lockKey: PROJECTION_MIGRATIONS_LOCK_KEY,
    migrations: [
      { version: 1, name: 'read models and checkpoints', sql: v1(s) },
      { version: 2, name: 'settings trail', sql: v2(s) },
    ],
  };
}

/** Creates the schema first: migrate() records versions in a table inside it. */
export async function migrateProjections(pool: Pool, schema = 'public'): Promise<number[]> {
  // Two processes creating it at once: the loser sees a unique violation, and the schema exists.
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(schema)}`).catch((error: { code?: string }) => {
    if (error.code !== '23505' && error.code !== '42P06') throw error;
  });
  return migrate(pool, projectionMigrations(schema));
}
