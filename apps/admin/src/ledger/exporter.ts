import { downloadCSV, type Exporter } from 'react-admin';
import type { LedgerEntry } from '../api/types';

const COLUMNS: (keyof LedgerEntry)[] = [
  'at', 'kind', 'seconds', 'minutes', 'balanceAfterSeconds', 'balanceAfterMinutes', 'callId', 'purchaseId', 'reloadId', 'eventId', 'position',
];

const cell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function ledgerCsv(rows: LedgerEntry[]): string {
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => cell(row[c])).join(','))].join('\r\n');
}

/** The credit history as CSV, with the filters in force (newest first, as the API lists it). */
export const ledgerExporter: Exporter = (records) => {
  const rows = records as unknown as LedgerEntry[];
  downloadCSV(ledgerCsv(rows), `ledger-${rows[0]?.accountId ?? 'account'}`);
};
