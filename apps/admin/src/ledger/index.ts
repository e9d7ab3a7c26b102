export { CreditHistory } from './CreditHistory';
export { ledgerExporter, ledgerCsv } from './exporter';
