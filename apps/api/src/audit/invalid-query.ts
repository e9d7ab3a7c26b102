import { ProblemError } from '../http/problem';

/** A query parameter the audit routes could not read: 400 with the field, as the validation pipe answers. */
export function invalidQuery(field: string, message: string): ProblemError {
  return new ProblemError(400, 'VALIDATION.FAILED', message, [{ field, message }]);
}
