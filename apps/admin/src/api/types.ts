/** The API's JSON, as the console reads it. The API computes every billing rule; these are just shapes. */
// The shapes the API's domain and read models define: imported as types only (erased by Vite), so the
// console can never drift from them and nothing server-side reaches the browser bundle.
export type { AutoReloadPreview, BillingSummary, CreditForecast, Money, NoticeAction, PreviewMonth, Role, SettingsChange, UsageLevel } from '@billing/domain';
export type { PurchaseQuote as Quote } from '@billing/domain';
export type { CallRow, LedgerEntry, ReloadRow } from '@billing/projections';
import type { PurchaseQuote, PurchaseRecord } from '@billing/domain';
import type { AccountListItem } from '@billing/projections';

/** GET /v1/accounts/:id/credit-purchases: the account's record of each purchase, with its id and minutes. */
export type PurchaseView = PurchaseRecord & { purchaseId: string; minutes: number };

/** A row of GET /v1/accounts, with the id react-admin needs (the account id). */
export type AccountRow = AccountListItem & { id: string };

export interface PurchaseStarted extends PurchaseQuote {
  purchaseId: string;
  checkoutUrl: string;
}

export interface BalanceAsOf {
  accountId: string;
  asOf: string;
  plan: string | { id: string; name?: string };
  credits: { balanceSeconds: number; balanceMinutes: number };
  autoReload: { enabled: boolean; month: string; usedThisMonth: number; monthlyMax: number };
  lastEvent: { type?: string; revision?: number; recordedAt?: string; position?: string } | null;
}

/** RFC 9457 problem details with the API's stable code and, for validation, the fields concerned. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string; min?: number; max?: number }[];
}
