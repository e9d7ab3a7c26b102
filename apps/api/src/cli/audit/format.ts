import type { ReplayRow } from '../../audit/replay-table';
import { minutesText } from '../../audit/ledger-csv';

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(rows: readonly (readonly string[])[], numeric: readonly boolean[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

const signed = (seconds: number) => (seconds > 0 ? `+${minutesText(seconds)}` : seconds < 0 ? minutesText(seconds) : '');

export function replayText(accountId: string, rows: readonly ReplayRow[]): string {
  const header = ['recorded at', 'rev', 'type', 'credit change (min)', 'balance (min)', 'balance (s)', 'month', 'reloads', 'change'];
  const body = rows.map((r) => [
    r.recordedAt, String(r.revision), r.type, signed(r.creditChangeSeconds), minutesText(r.balanceSeconds), String(r.balanceSeconds),
    r.month, String(r.reloadsThisMonth), r.change,
  ]);
  const table = textTable([header, ...body], [false, true, false, true, true, true, false, true, false]);
  return `account ${accountId}: ${rows.length} event(s)\n${table}\n`;
}
