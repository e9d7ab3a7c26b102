import { ProblemError } from '../../http/problem';
import type { PaymentProviderError } from '../../payments/payment-gateway';

const NOTHING_CHARGED = 'Nothing was charged; try again in a moment (the same Idempotency-Key continues the same purchase).';

/**
 * How a failed Checkout Session creation is answered: 503 when the provider could not be reached or
 * refused our own credentials (nobody's request was wrong), 502 when it answered with an error.
 */
export function checkoutProblem(error: PaymentProviderError): ProblemError {
  switch (error.fault) {
    case 'systemic':
      return new ProblemError(503, 'PAYMENT_PROVIDER.UNAVAILABLE', `The payment provider is not accepting this service's requests right now (operators are alerted). ${NOTHING_CHARGED}`, undefined, { 'Retry-After': '30' });
    case 'transient':
      return error.code === 'timeout' || error.code === 'connection_error'
        ? new ProblemError(503, 'PAYMENT_PROVIDER.UNREACHABLE', `The payment provider could not be reached (${error.code}). ${NOTHING_CHARGED}`, undefined, { 'Retry-After': '5' })
        : new ProblemError(502, 'PAYMENT_PROVIDER.ERROR', `The payment provider answered with an error (${error.code}). ${NOTHING_CHARGED}`, undefined, { 'Retry-After': '5' });
    case 'card':
    case 'permanent':
      return new ProblemError(502, 'PAYMENT_PROVIDER.REFUSED', `The payment provider refused to open a checkout for this account (${error.code}). Nothing was charged.`);
    default: {
      const unknown: never = error.fault;
      throw new Error(`unknown payment provider fault ${String(unknown)}`);
    }
  }
}
