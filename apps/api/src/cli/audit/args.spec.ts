import { parseAuditArgs, UsageError } from './args';

const usage = (argv: string[]) => {
  try {
    parseAuditArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('auditor CLI arguments', () => {
  it('reads each command with its options', () => {
    expect(parseAuditArgs(['replay', '--account', 'acc-1', '--until', '2024-03-10'])).toEqual({
      command: 'replay', account: 'acc-1', until: new Date('2024-03-11T00:00:00Z'), untilText: '2024-03-10', json: false,
    });
    expect(parseAuditArgs(['verify'])).toEqual({ command: 'verify', json: false });
    expect(parseAuditArgs(['export', '--account', 'a', '--from', '2024-03-01', '--to', '2024-03-31', '--format', 'csv', '--out', 'x.csv'])).toEqual({
      command: 'export', account: 'a', range: { from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-04-01T00:00:00Z') }, rangeText: { from: '2024-03-01', to: '2024-03-31' }, out: 'x.csv',
    });
    expect(parseAuditArgs(['rebuild', '--projection', 'accounts'])).toEqual({ command: 'rebuild', projection: 'accounts' });
    expect(parseAuditArgs(['--help'])).toEqual({ command: 'help' });
  });

  it('says what is wrong with bad arguments', () => {
    expect(usage([])).toBe('a command is required');
    expect(usage(['frobnicate'])).toBe('unknown command "frobnicate"');
    expect(usage(['replay'])).toBe('--account is required');
    expect(usage(['replay', '--account'])).toMatch(/--account/);
    expect(usage(['replay', '--account', 'a', '--until', 'soon'])).toMatch(/until: "soon" is not a date/);
    expect(usage(['verify', '--account', 'a'])).toBe('--account does not apply to verify');
    expect(usage(['verify', '--colour'])).toMatch(/colour/);
    expect(usage(['export', '--account', 'a', '--from', '2024-03-01', '--to', '2024-03-31'])).toBe('--format csv is required');
    expect(usage(['export', '--account', 'a', '--from', '2024-03-01', '--to', '2024-03-31', '--format', 'xlsx'])).toBe('--format xlsx is not supported (csv is)');
    expect(usage(['export', '--account', 'a', '--from', '2024-04-01', '--to', '2024-03-01', '--format', 'csv'])).toMatch(/must be after/);
    expect(usage(['rebuild', '--projection', 'balances'])).toMatch(/--projection must be one of accounts, credit_ledger/);
    expect(usage(['verify', 'extra'])).toBe('unexpected argument "extra"');
    expect(usage(['reconcile', '--from', '2024-03-01'])).toMatch(/to is required/);
    expect(usage(['reconcile', '--from', '2024-03-01', '--to', '2024-03-31', '--account', 'a'])).toBe('--account does not apply to reconcile');
  });

  it('reconcile takes a range and --json', () => {
    expect(parseAuditArgs(['reconcile', '--from', '2024-03-01', '--to', '2024-03-31', '--json'])).toEqual({
      command: 'reconcile', range: { from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-04-01T00:00:00Z') }, json: true,
    });
  });
});
