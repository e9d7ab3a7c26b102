import type { RetryPolicy } from './delivery-policy';
import type { TargetPolicy } from './target-url';

/** The webhooks' part of the configuration (config.ts reads and validates it). */
export interface WebhookSettings {
  /** Deliver from this process (several instances share the endpoints, one owner each). */
  enabled: boolean;
  /** A delivery succeeds on a 2xx answered within this (10 s). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Requests in flight at once per endpoint (different accounts; one account's events go one by one). */
  concurrency: number;
  /** Events read per batch: all an endpoint holds in memory, however long it has been down. */
  batchSize: number;
  /** Caught up, look again this often (new events also wake the workers at once). */
  idlePollMs: number;
  /** `public` in production: https and public addresses only (target-url.ts). */
  targets: TargetPolicy;
  /** How long a rotated-out secret keeps signing (24 h). */
  rotationGraceMs: number;
  /** Delivered rows stay in the log this long. */
  logRetentionMs: number;
}
