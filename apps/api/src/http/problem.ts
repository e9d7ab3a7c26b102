/**
 * An error the API answers with itself (not a domain refusal): a stable code, an HTTP status and,
 * for validation, the offending fields. Rendered as RFC 9457 problem details by ProblemDetailsFilter.
 */
export interface FieldProblem {
  field: string;
  message: string;
  [detail: string]: unknown;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

export const unauthenticated = (why: string) =>
  new ProblemError(401, 'AUTH.UNAUTHENTICATED', why, undefined, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (why: string) => new ProblemError(403, 'AUTH.FORBIDDEN', why);
export const accountNotFound = () => new ProblemError(404, 'ACCOUNT.NOT_FOUND', 'There is no billing account here.');
