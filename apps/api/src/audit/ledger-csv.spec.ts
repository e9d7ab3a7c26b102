import type { LedgerEntry } from '@billing/projections';
import { csvField, LEDGER_CSV_HEADER, ledgerCsv, minutesText } from './ledger-csv';

const entry = (extra: Partial<LedgerEntry>): LedgerEntry => ({
  eventId: '6f1c7e0e-0000-4000-8000-000000000001', accountId: 'acc-1', kind: 'purchase', seconds: 6_000, minutes: 100,
  balanceAfterSeconds: 6_000, balanceAfterMinutes: 100, purchaseId: 'p1', reloadId: null, callId: null,
  at: '2024-03-02T10:05:00.000Z', position: '00000000000000000001-00000000000000000005', ...extra,
});

describe('ledger CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('p2,"big"')).toBe('"p2,""big"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula, never numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-5_500)).toBe('-5500');
    expect(csvField('-91.67')).toBe("'-91.67");
  });

  it('writes minutes with two decimals next to the exact seconds', () => {
    expect(minutesText(-5_500)).toBe('-91.67');
    expect(minutesText(6_000)).toBe('100.00');
    expect(minutesText(1)).toBe('0.02');
  });

  it('has a header row, one CRLF-terminated line per movement, with the running balance and cause ids', () => {
    const csv = ledgerCsv([
      entry({}),
      entry({ kind: 'call', seconds: -5_500, minutes: -91.67, balanceAfterSeconds: 500, purchaseId: null, callId: 'c1' }),
      entry({ purchaseId: 'p2,"big"', seconds: 12_000, balanceAfterSeconds: 18_500 }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(LEDGER_CSV_HEADER.join(','));
    expect(lines[1]).toBe('2024-03-02T10:05:00.000Z,acc-1,purchase,100.00,6000,100.00,6000,p1,,,6f1c7e0e-0000-4000-8000-000000000001,00000000000000000001-00000000000000000005');
    expect(lines[2]).toContain(',call,-91.67,-5500,8.33,500,,,c1,');
    expect(lines[3]).toContain(',purchase,200.00,12000,308.33,18500,"p2,""big""",,,');
    expect(lines[4]).toBe('');
  });
});
