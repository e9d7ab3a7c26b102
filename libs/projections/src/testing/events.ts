import type { BillingEvent } from '@billing/domain';
import type { ProjectionEvent } from '../projection';

let sequence = 0;

/**
 * Wraps a billing event as the runner hands it to evolve, with increasing positions. Specs only:
 * the library build leaves src/testing out.
 */
export function recorded(event: BillingEvent, position?: number): ProjectionEvent {
  sequence = position ?? sequence + 1;
  return {
    event, id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    position: `00000000000000000001-${String(sequence).padStart(20, '0')}`,
    streamId: `billing-account-${event.data.accountId}`, recordedAt: new Date(Date.parse(event.data.at)),
  };
}
