/**
 * The shapes of ids that reach the API, in one place: the request DTOs and the path parameters
 * (path-params.ts) use the same patterns, so `/v1/accounts/:accountId/…` accepts exactly the ids that
 * `POST /v1/accounts` does.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ACCOUNT_ID_MESSAGE = 'accountId must be 1 to 64 letters, digits, "_" or "-"';
