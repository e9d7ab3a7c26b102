/**
 * What the billing page says about auto-reload. The first two sentences are the help page's, word for
 * word (the Free one ends in a comma because the Upgrade link follows it); the others are ours, written
 * where the help page is silent.
 */
export const NOTICES = {
  monthly_limit_reached: "You've reached your monthly auto-reload limit. Auto-reload is paused until next month.",
  not_available_on_free: 'Auto-reload not available on Free plan,',
  payment_failed: 'Auto-reload was turned off after 3 failed payments in a row. Update your payment method, then turn auto-reload back on.',
  authentication_required:
    'Auto-reload was turned off because your bank asked you to confirm a payment. Update your payment method, then turn auto-reload back on.',
  plan_downgrade: 'Auto-reload was turned off when your plan changed. Turn it back on to use it.',
  no_payment_method: 'Auto-reload is on but there is no payment method on file, so no reload can be bought. Add a payment method.',
} as const;

export type NoticeCode = keyof typeof NOTICES;

/** The link shown with a notice: Upgrade, or where to update the card. */
export type NoticeAction = 'upgrade' | 'update_payment_method' | 'configure_auto_reload' | null;

export interface Notice {
  code: NoticeCode;
  message: string;
  action: NoticeAction;
}

const ACTIONS: Record<NoticeCode, NoticeAction> = {
  monthly_limit_reached: null,
  not_available_on_free: 'upgrade',
  payment_failed: 'update_payment_method',
  authentication_required: 'update_payment_method',
  plan_downgrade: 'configure_auto_reload',
  no_payment_method: 'update_payment_method',
};

export function notice(code: NoticeCode): Notice {
  return { code, message: NOTICES[code], action: ACTIONS[code] };
}
