/**
 * Every refusal the domain can make, with its stable code and the kind the API maps to HTTP
 * (validation → 400, forbidden → 403, not_found → 404, conflict → 409). Codes are a contract: never rename.
 */
export type DomainErrorKind = 'validation' | 'forbidden' | 'not_found' | 'conflict';

export const DOMAIN_ERROR_KINDS = {
  'ACCOUNT.NOT_FOUND': 'not_found',
  'ACCOUNT.ALREADY_EXISTS': 'conflict',
  'ACCOUNT.ID_MISMATCH': 'validation',
  'ACCOUNT.INVALID_TIME_ZONE': 'validation',
  'COMMAND.INVALID_FIELD': 'validation',
  'PLAN.UNKNOWN': 'validation',
  'PLAN_CATALOGUE.INVALID': 'validation',
  'PURCHASE.INVALID_BLOCKS': 'validation',
  'PURCHASE.NOT_FOUND': 'not_found',
  'PURCHASE.ID_REUSED': 'conflict',
  'PURCHASE.AMOUNT_MISMATCH': 'validation',
  'PURCHASE.ALREADY_SETTLED': 'conflict',
  'CALL.INVALID_DURATION': 'validation',
  'AUTO_RELOAD.NOT_AVAILABLE_ON_FREE': 'conflict',
  'AUTO_RELOAD.NO_PAYMENT_METHOD': 'conflict',
  'AUTO_RELOAD.INVALID_THRESHOLD': 'validation',
  'AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM': 'validation',
  'RELOAD.NOT_FOUND': 'not_found',
  'RELOAD.ALREADY_SETTLED': 'conflict',
  'REFUND.NOT_CREDITED': 'conflict',
  'REFUND.PAYMENT_MISMATCH': 'conflict',
  'REFUND.INVALID_AMOUNT': 'validation',
  'REFUND.TOO_MANY': 'conflict',
  'PERMISSION.ADMINISTRATOR_ONLY': 'forbidden',
  'PERMISSION.SERVICE_ONLY': 'forbidden',
  'PERMISSION.NOT_PERMITTED': 'forbidden',
  'SIMULATION.INVALID_MONTHS': 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_KINDS;

export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_KINDS) as readonly DomainErrorCode[];

/** Structured detail for clients, e.g. `{ field: 'blocks', min: 1, max: 100 }`. */
export type DomainErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: DomainErrorDetails,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = DOMAIN_ERROR_KINDS[code];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
