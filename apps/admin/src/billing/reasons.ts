/** Labels for the API's codes (wording only: whether and when they apply is the API's business). */
export const DISABLED_REASONS: Record<string, string> = {
  user: 'An administrator turned auto-reload off.',
  plan_downgrade: 'Auto-reload was turned off when the plan changed.',
  payment_failed: 'Auto-reload was turned off after 3 failed payments in a row.',
  authentication_required: 'Auto-reload was turned off because the bank asked to confirm a payment.',
  not_available_on_plan: 'Auto-reload is not available on this plan.',
};

export const disabledReasonText = (reason: string): string => DISABLED_REASONS[reason] ?? `Auto-reload is off (${reason}).`;
