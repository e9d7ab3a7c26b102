import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldProblem, ProblemError } from './problem';

/** class-validator on every body and query: unknown fields are refused, every problem names its field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ProblemError(400, 'VALIDATION.FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
