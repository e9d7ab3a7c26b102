export const LEDGER_KINDS = [
  { id: 'call', name: 'Call' },
  { id: 'purchase', name: 'Purchase' },
  { id: 'auto_reload', name: 'Auto-reload' },
  { id: 'refund', name: 'Refund' },
  { id: 'dispute_lost', name: 'Dispute lost' },
];

export const kindLabel = (kind: string): string => LEDGER_KINDS.find((k) => k.id === kind)?.name ?? kind;

/** Signed minutes as the ledger shows them: "+200", "−12.5". */
export const signedMinutes = (minutes: number): string =>
  `${minutes > 0 ? '+' : minutes < 0 ? '−' : ''}${Math.abs(minutes).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
