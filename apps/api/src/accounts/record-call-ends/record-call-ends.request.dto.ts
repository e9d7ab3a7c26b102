import { ApiProperty } from '@nestjs/swagger';
import { isISO8601, IsString, Matches } from 'class-validator';
import { ACCOUNT_ID_MESSAGE, ACCOUNT_ID_PATTERN } from '../../http/ids';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { validatedBody } from '../../http/validation';
import { CALL_ID_PATTERN, ENDED_AT_OPTIONS, MAX_DURATION_SECONDS, RecordCallRequest } from '../record-call/record-call.request.dto';

/** Items a batch may carry: Lago and Metronome take 100 events a request; we take more. */
export const MAX_CALL_ENDS = 1_000;
/**
 * This route's body limit (the others keep 64 KB): 1,000 items of the largest legal shape are about
 * 300 KB, so 1 MB leaves room for formatting and no more.
 */
export const CALL_ENDS_BODY_LIMIT = 1_048_576; // 1 MB
export const CALL_ENDS_PATH = 'call-ends';

/** One item, for the OpenAPI document: the single endpoint's body plus the account it is for. */
export class CallEndItem extends RecordCallRequest {
  @ApiProperty({ example: 'acc_1', description: 'The billing account (the single endpoint\'s path parameter).' })
  @IsString()
  @Matches(ACCOUNT_ID_PATTERN, { message: ACCOUNT_ID_MESSAGE })
  accountId!: string;
}

export class RecordCallEndsRequest {
  @ApiProperty({ type: [CallEndItem], minItems: 1, maxItems: MAX_CALL_ENDS, description: 'Call ends for any accounts, answered in this order.' })
  callEnds!: CallEndItem[];
}

const envelopeProblem = (problems: FieldProblem[]) =>
  new ProblemError(400, 'VALIDATION.FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);

/**
 * The envelope, checked alone: its items are validated one by one (validCallEnd), so that one bad item
 * is answered alone and never fails the others. Unknown top-level fields (prototype keys among them)
 * are refused, as every body's are.
 */
export function callEndsOf(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw envelopeProblem([{ field: 'callEnds', message: 'the body must be a JSON object { "callEnds": [...] }' }]);
  }
  const unknown = Object.keys(body).filter((key) => key !== 'callEnds');
  if (unknown.length) throw envelopeProblem(unknown.map((key) => ({ field: key, message: `property ${key} should not exist` })));
  const { callEnds } = body as { callEnds?: unknown };
  if (!Array.isArray(callEnds) || callEnds.length < 1 || callEnds.length > MAX_CALL_ENDS) {
    throw envelopeProblem([{ field: 'callEnds', message: `callEnds must be an array of 1 to ${MAX_CALL_ENDS} call ends` }]);
  }
  return callEnds;
}

/**
 * One item by the single endpoint's rules (validCallEndFully). An item of the usual shape — exactly its
 * four fields, each of a value those rules accept, checked by the same patterns, bounds and ISO-8601
 * check — is accepted without the validation pipe's per-item cost (class-transformer and
 * class-validator); anything else, however slightly unusual, goes through the pipe, so every refusal
 * is the pipe's own.
 */
export async function validCallEnd(item: unknown): Promise<{ accountId: string; request: RecordCallRequest }> {
  return usualCallEnd(item) ?? validCallEndFully(item);
}

const ITEM_FIELDS = 4; // accountId, callId, durationSeconds, endedAt

export function usualCallEnd(item: unknown): { accountId: string; request: RecordCallRequest } | undefined {
  if (typeof item !== 'object' || item === null || Object.getPrototypeOf(item) !== Object.prototype) return undefined;
  if (Object.keys(item).length !== ITEM_FIELDS) return undefined;
  const { accountId, callId, durationSeconds, endedAt } = item as Record<string, unknown>;
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) return undefined;
  if (typeof callId !== 'string' || !CALL_ID_PATTERN.test(callId)) return undefined;
  if (typeof durationSeconds !== 'number' || !Number.isInteger(durationSeconds) || durationSeconds < 0 || durationSeconds > MAX_DURATION_SECONDS) return undefined;
  if (typeof endedAt !== 'string' || !isISO8601(endedAt, ENDED_AT_OPTIONS)) return undefined;
  const request = new RecordCallRequest();
  Object.assign(request, { callId, durationSeconds, endedAt });
  return { accountId, request };
}

/**
 * One item by the single endpoint's rules: its account id as that endpoint's path parameter is held
 * (the same pattern), the rest as its body (RecordCallRequest, through the same validation pipe).
 * Throws the ProblemError that endpoint would answer.
 */
export async function validCallEndFully(item: unknown): Promise<{ accountId: string; request: RecordCallRequest }> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw envelopeProblem([{ field: 'callEnd', message: 'each call end must be an object { accountId, callId, durationSeconds, endedAt }' }]);
  }
  const { accountId, ...rest } = item as Record<string, unknown>;
  const problems: FieldProblem[] = typeof accountId === 'string' && ACCOUNT_ID_PATTERN.test(accountId) ? [] : [{ field: 'accountId', message: ACCOUNT_ID_MESSAGE }];
  let request: RecordCallRequest | undefined;
  try {
    request = await validatedBody(RecordCallRequest, rest);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    problems.push(...(error.errors ?? []));
  }
  if (problems.length || !request) throw envelopeProblem(problems);
  return { accountId: accountId as string, request };
}
