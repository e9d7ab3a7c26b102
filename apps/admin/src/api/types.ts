/** The API's JSON, as the console reads it. The API computes every billing rule; these are just shapes. */
export interface Money {
  amount: number;
  currency: string;
}

export type Role = 'admin' | 'editor' | 'support' | 'auditor' | 'service';
export type UsageLevel = 'normal' | 'warning' | 'critical';
export type NoticeAction = 'upgrade' | 'update_payment_method' | 'configure_auto_reload' | null;

export interface BillingSummary {
  accountId: string;
  timeZone: string;
  month: string;
  plan: { id: string; name: string; ratePerMinute: Money; autoReloadAvailable: boolean; monthlyReloadLimit: number };
  credits: { balanceSeconds: number; balanceMinutes: number };
  subscription: { includedMinutes: number; usedSeconds: number; remainingSeconds: number; remainingMinutes: number };
  autoReload: {
    enabled: boolean;
    thresholdMinutes: number;
    monthlyMax: number;
    usedThisMonth: number;
    usageText: string;
    usageLevel: UsageLevel;
    paused: boolean;
    reloadInFlight: boolean;
    notice: { code: string; message: string; action: NoticeAction } | null;
    disabledReason: string | null;
  };
  permissions: { canBuyCredits: boolean; canConfigureAutoReload: boolean };
}

export interface Quote {
  blocks: number;
  minutes: number;
  ratePerMinute: Money;
  total: Money;
}

export interface PurchaseStarted extends Quote {
  purchaseId: string;
  checkoutUrl: string;
}

export interface LedgerEntry {
  eventId: string;
  accountId: string;
  kind: 'call' | 'purchase' | 'auto_reload';
  seconds: number;
  minutes: number;
  balanceAfterSeconds: number;
  balanceAfterMinutes: number;
  purchaseId: string | null;
  reloadId: string | null;
  callId: string | null;
  at: string;
  position: string;
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
