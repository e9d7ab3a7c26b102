/**
 * Rule 14 — a call id is consumed once, however late its retry: a repeated RecordCallEnded with the same
 * id changes nothing and the API answers with the first result. The folded state does not remember
 * call ids (it would grow with every call); the CallMinutesConsumed event carries the idempotency key
 * callKey(account, call id) and the event store refuses a second one, naming the first, whose result
 * callResultOf reads (see ../recorded.ts). decide therefore always proposes the consumption; the store
 * is what makes it happen once.
 */
export { callKey, callResultOf } from '../recorded';
