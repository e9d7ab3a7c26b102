import type { AccountState, CallRecord } from '../state';
import { consumedCall } from '../state';

/**
 * Rule 14 — a call id is consumed once: a repeated RecordCallEnded with the same id changes nothing
 * (decide returns no events) and the API answers with the first result, found here.
 */
export function firstResultOf(state: AccountState, callId: string): CallRecord | undefined {
  return consumedCall(state, callId);
}
