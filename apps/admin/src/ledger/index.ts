export { exportRange } from './ServerExportButton';
export { CreditHistory } from './CreditHistory';
