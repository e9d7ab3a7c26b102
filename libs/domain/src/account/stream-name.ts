/** One stream per billing account. */
export const ACCOUNT_STREAM_PREFIX = 'billing-account-';

export function accountStreamName(accountId: string): string {
  return `${ACCOUNT_STREAM_PREFIX}${accountId}`;
}
