import DownloadIcon from '@mui/icons-material/Download';
import { useState } from 'react';
import { Button, useListContext, useNotify } from 'react-admin';
import { accountPath, apiFetch } from '../api/http';

/** Every movement from the first possible day; the server's range needs both ends. */
const EARLIEST = '2000-01-01';

/** The server's range for the list's date filters: `to` is a date, included to its end. */
export function exportRange(filter: { from?: string; to?: string }, today: Date): { from: string; to: string } {
  const tomorrow = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
  return { from: filter.from || EARLIEST, to: filter.to || tomorrow };
}

/**
 * Downloads the server's export.csv (one format for the console, the CLI and auditors: formula-safe,
 * every row in the range, not the pages the list happened to load) for the dates filtered on.
 */
export function ServerExportButton({ accountId }: { accountId: string }) {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const range = exportRange(filterValues as { from?: string; to?: string }, new Date());
      const response = await apiFetch(`${accountPath(accountId)}/ledger/export.csv?${new URLSearchParams(range).toString()}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `ledger-${accountId}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    } catch (error) {
      notify(`Export failed: ${(error as Error).message}`, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button label="Export CSV" onClick={() => void download()} disabled={busy}><DownloadIcon /></Button>;
}
