import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { pathParamProblems } from './path-params';
import { type FieldProblem, ProblemError } from './problem';
import { untrustedShapeProblem } from './prototype-keys';

/**
 * The one place every request's input is validated, after authentication and the caller's account check
 * (guards run before pipes: an Administrator asking for another account, valid id or not, gets the same
 * 404, and nobody unauthenticated learns anything from a 400):
 * - path parameters by name (path-params.ts), so an id in the URL is held to the same pattern as in a body;
 * - bodies and queries: prototype keys at any depth and absurd nesting (prototype-keys.ts), then
 *   class-validator's DTOs (unknown fields are refused, every problem names its field). The Stripe webhook reads its raw body and binds no @Body.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') {
      const problems = metadata.data
        ? pathParamProblems(metadata.data, value)
        : Object.entries(value as Record<string, unknown>).flatMap(([name, param]) => pathParamProblems(name, param));
      if (problems.length > 0) throw validationFailed(problems);
    } else if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = untrustedShapeProblem(value);
      if (problem) throw validationFailed([problem]);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

function validationFailed(fields: FieldProblem[]): ProblemError {
  return new ProblemError(400, 'VALIDATION.FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A body validated outside a route's parameters (each item of a batch, so that one bad item is answered
 * alone) by the very rules a route's @Body gets: the instance, or the ProblemError the route would throw.
 */
export async function validatedBody<T extends object>(metatype: new () => T, value: unknown): Promise<T> {
  bodyPipe ??= validationPipe();
  return (await bodyPipe.transform(value, { type: 'body', metatype })) as T;
}
let bodyPipe: ValidationPipe | undefined;
