export { CreditHistory } from './CreditHistory';
export { BalanceChart } from './BalanceChart';
export { ledgerExporter, ledgerCsv } from './exporter';
