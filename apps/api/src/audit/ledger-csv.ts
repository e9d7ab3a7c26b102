import { secondsToDisplayMinutes } from '@billing/domain';
import type { LedgerEntry } from '@billing/projections';

export const LEDGER_CSV_HEADER = [
  'time', 'account_id', 'kind', 'minutes', 'seconds', 'balance_after_minutes', 'balance_after_seconds',
  'purchase_id', 'reload_id', 'call_id', 'event_id', 'position',
] as const;

/**
 * One field, RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. Text that
 * a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe; numbers never do.
 */
export function csvField(value: string | number | null, numeric = typeof value === 'number'): string {
  if (value === null) return '';
  let text = String(value);
  if (!numeric && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Display minutes always with two decimals; the exact seconds sit next to them. */
export function minutesText(seconds: number): string {
  return secondsToDisplayMinutes(seconds).toFixed(2);
}

export function ledgerCsvRow(entry: LedgerEntry): string {
  // Minutes are formatted numbers: a leading minus is a sign, not a formula.
  const number = (text: string) => csvField(text, true);
  return [
    csvField(entry.at), csvField(entry.accountId), csvField(entry.kind), number(minutesText(entry.seconds)), csvField(entry.seconds),
    number(minutesText(entry.balanceAfterSeconds)), csvField(entry.balanceAfterSeconds), csvField(entry.purchaseId),
    csvField(entry.reloadId), csvField(entry.callId), csvField(entry.eventId), csvField(entry.position),
  ].join(',');
}

/** Header and rows, CRLF-terminated lines as RFC 4180 asks. Entries in store order (oldest first). */
export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  return [LEDGER_CSV_HEADER.join(','), ...entries.map(ledgerCsvRow)].map((line) => `${line}\r\n`).join('');
}
