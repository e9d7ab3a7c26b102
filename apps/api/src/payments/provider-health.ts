import { Injectable } from '@nestjs/common';

export interface ProviderHealthReport {
  /** 'down' while the payment provider refuses our own credentials (a systemic fault, nobody's card). */
  status: 'up' | 'down';
  /** When the current fault was first seen (ISO 8601), while down. */
  since: string | null;
  /** What the provider said last time it refused us, while down. */
  lastError: string | null;
}

/**
 * What the payment provider's answers say about the provider itself, as opposed to one account's card.
 * The payment code reports systemic faults (our key is wrong, revoked or lacks permission) and successes;
 * readiness reads the report. It lives in memory: each instance judges by the answers it gets itself.
 */
@Injectable()
export class PaymentProviderHealth {
  private downSince: Date | null = null;
  private lastError: string | null = null;

  /** Our credentials were refused (authentication_error, permission_error). */
  systemicFault(message: string, now = new Date()): void {
    this.downSince ??= now;
    this.lastError = message;
  }

  /** The provider accepted a request of ours: whatever was wrong with our credentials is fixed. */
  answered(): void {
    this.downSince = null;
    this.lastError = null;
  }

  report(): ProviderHealthReport {
    return this.downSince
      ? { status: 'down', since: this.downSince.toISOString(), lastError: this.lastError }
      : { status: 'up', since: null, lastError: null };
  }
}
