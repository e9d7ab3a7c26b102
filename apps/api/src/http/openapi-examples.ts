import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { schemaRef, type SchemaName } from './openapi-schemas';

/** A response's schema: a named one (openapi-schemas.ts), a list of one (`[name]`), or a literal schema. */
export type ResponseSchema = SchemaName | [SchemaName] | Record<string, unknown>;

const toSchema = (schema: ResponseSchema) =>
  typeof schema === 'string' ? schemaRef(schema) : Array.isArray(schema) ? { type: 'array', items: schemaRef(schema[0]) } : schema;

/**
 * Documents a response by its schema (what a generated client types) and a realistic example (shown at
 * /docs); test/api/openapi.spec.ts checks the example, and real responses, against the schema.
 */
export const Example = (status: number, schema: ResponseSchema, example: unknown, description = 'OK', contentType = 'application/json') =>
  applyDecorators(ApiResponse({ status, description, content: { [contentType]: { schema: toSchema(schema), example } } }));

const usd = (amount: number) => ({ amount, currency: 'usd' });

export const BILLING_SUMMARY = {
  accountId: 'acc_1', timeZone: 'Europe/Paris', month: '2026-11',
  plan: { id: 'starter', name: 'Starter', ratePerMinute: usd(22), autoReloadAvailable: true, monthlyReloadLimit: 20 },
  credits: { balanceSeconds: 7_230, balanceMinutes: 120.5 },
  subscription: { includedMinutes: 500, usedSeconds: 18_000, remainingSeconds: 12_000, remainingMinutes: 200 },
  autoReload: {
    enabled: true, thresholdMinutes: 10, monthlyMax: 10, usedThisMonth: 6, usageText: '6 of 10 used this month',
    usageLevel: 'warning', paused: false, reloadInFlight: false, notice: null, disabledReason: null,
  },
  permissions: { canBuyCredits: true, canConfigureAutoReload: true },
};

export const QUOTE = { blocks: 3, minutes: 300, ratePerMinute: usd(28), total: usd(8_400) };

export const PURCHASE_STARTED = {
  purchaseId: 'pur_5f2c1e9a0b7d4c3e8f6a1b2c3d4e5f60', blocks: 3, minutes: 300, ratePerMinute: usd(28), total: usd(8_400),
  checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3',
};

export const CHECKOUT_FAILED = {
  type: 'urn:billing:problem:PAYMENT_PROVIDER.ERROR', title: 'Bad Gateway', status: 502, code: 'PAYMENT_PROVIDER.ERROR',
  detail: 'The payment provider answered with an error (api_error). Nothing was charged; try again in a moment (the same Idempotency-Key continues the same purchase).',
  instance: '/v1/accounts/acc_1/credit-purchases',
};

export const PURCHASE = {
  purchaseId: 'pur_5f2c1e9a0b7d4c3e8f6a1b2c3d4e5f60', status: 'completed', blocks: 3, minutes: 300, ratePerMinute: usd(28),
  total: usd(8_400), startedAt: '2026-11-25T09:12:03.000Z', paymentReference: 'pi_3Q0PsIJvEtkwdCNY1a2b3c4d',
};

export const CALL_RESULT = {
  consumed: { subscriptionSeconds: 600, creditSeconds: 154 }, balanceSeconds: 480,
  autoReload: { outcome: 'triggered', reason: 'triggered', reloadId: 'reload-call_8f14e45f' },
};

const batchProblem = (status: number, title: string, code: string, detail: string, errors?: { field: string; message: string }[]) => ({
  type: `urn:billing:problem:${code}`, title, status, detail, instance: '/v1/call-ends', code, ...(errors ? { errors } : {}),
  correlationId: '6a0e4cb1-3f7c-4b8e-9d2a-5c1f0e7b8a90',
});

export const CALL_END_RESULTS = {
  results: [
    { accountId: 'acc_1', callId: 'call_8f14e45f', status: 201, ...CALL_RESULT },
    { accountId: 'acc_1', callId: 'call_8f14e45f', status: 200, ...CALL_RESULT },
    {
      accountId: 'acc_2', callId: 'call_c9f0f895',
      ...batchProblem(400, 'Bad Request', 'VALIDATION.FAILED', 'durationSeconds: durationSeconds must be a whole number of seconds',
        [{ field: 'durationSeconds', message: 'durationSeconds must be a whole number of seconds' }]),
    },
    { accountId: 'acc_missing', callId: 'call_45c48cce', ...batchProblem(404, 'Not Found', 'ACCOUNT.NOT_FOUND', 'There is no billing account acc_missing.') },
  ],
};

export const CALL_ENDS_MALFORMED = batchProblem(400, 'Bad Request', 'VALIDATION.FAILED', 'callEnds: callEnds must be an array of 1 to 1000 call ends',
  [{ field: 'callEnds', message: 'callEnds must be an array of 1 to 1000 call ends' }]);
export const CALL_ENDS_TOO_LARGE = batchProblem(413, 'Payload Too Large', 'REQUEST.TOO_LARGE', 'The request body is too large.');

export const LEDGER_ENTRY = {
  eventId: '0b6f2b2e-5a8e-5d0c-9a57-3c1f0f8f2d11', accountId: 'acc_1', kind: 'call', seconds: -154, minutes: -2.57,
  balanceAfterSeconds: 480, balanceAfterMinutes: 8, purchaseId: null, reloadId: null, callId: 'call_8f14e45f',
  at: '2026-11-25T10:15:00.000Z', position: '00000000000000000812-00000000000000000011',
};

export const ACCOUNT_LIST_ITEM = {
  accountId: 'acc_1', planId: 'starter', timeZone: 'Europe/Paris', stripeCustomerId: 'cus_Q0PsIJvEtkwdCN', paymentMethodId: 'pm_card_visa',
  balanceSeconds: 7_230, balanceMinutes: 120.5,
  autoReloadEnabled: true, thresholdMinutes: 10, monthlyMaximum: 10, disabledReason: null, consecutiveFailures: 0,
  reloadInFlight: null, openedAt: '2026-10-02T08:00:00.000Z', lastEventAt: '2026-11-25T10:15:00.000Z',
  position: '00000000000000000812-00000000000000000011', currentMonth: '2026-11', reloadsThisMonth: 6, monthlyMaximumInForce: 10,
};

export const RELOAD = {
  accountId: 'acc_1', reloadId: 'reload-call_8f14e45f', callId: 'call_8f14e45f', month: '2026-11', status: 'failed',
  planId: 'starter', blocks: 1, minutes: 100, ratePerMinuteCents: 22, totalCents: 2_200, currency: 'usd',
  paymentMethodId: 'pm_card_visa', paymentReference: 'pi_3Q0PsIJvEtkwdCNY9z8y7x6w', declineCode: 'insufficient_funds',
  consecutiveFailures: 1, triggeredAt: '2026-11-25T10:15:00.000Z', settledAt: '2026-11-25T10:15:02.000Z',
  position: '00000000000000000815-00000000000000000014',
};

export const CALL = {
  accountId: 'acc_1', callId: 'call_8f14e45f', endedAt: '2026-11-25T10:15:00.000Z', month: '2026-11', durationSeconds: 754,
  subscriptionSeconds: 600, creditSeconds: 154, creditBalanceAfterSeconds: 480, reloadDecision: 'monthly_cap_reached',
  thresholdSeconds: 600, reloadId: null, position: '00000000000000000812-00000000000000000011',
};

export const STORED_EVENT = {
  id: '0b6f2b2e-5a8e-5d0c-9a57-3c1f0f8f2d11', type: 'CallMinutesConsumed', schemaVersion: 2, stream: 'billing-account-acc_1',
  position: '00000000000000000812-00000000000000000011', recordedAt: '2026-11-25T10:15:00.112Z',
  data: { accountId: 'acc_1', callId: 'call_8f14e45f', durationSeconds: 754, subscriptionSeconds: 600, creditSeconds: 154 },
  metadata: { correlationId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', causationId: 'call:acc_1:call_8f14e45f', actor: { id: 'call-platform', role: 'service' } },
};

export const BALANCE_AS_OF = {
  accountId: 'acc_1', asOf: '2026-11-01T00:00:00.000Z', plan: 'starter', credits: { balanceSeconds: 12_000, balanceMinutes: 200 },
  autoReload: { enabled: true, month: '2026-11', usedThisMonth: 0, monthlyMax: 10 },
  lastEvent: { revision: 41, position: '00000000000000000700-00000000000000000512', recordedAt: '2026-10-31T22:58:10.000Z' },
};

export const HEALTH = {
  status: 'ok', info: {}, error: {},
  details: {
    database: { status: 'up', latencyMs: 1 }, migrations: { status: 'up' }, eventStore: { status: 'up', adapter: 'postgresql' },
    paymentProvider: { status: 'up', mode: 'stripe' },
    projections: { status: 'up', credit_ledger: { eventsBehind: 0, secondsBehind: 0, failedEventId: null } },
  },
};

export const LIVENESS = { status: 'ok', uptimeSeconds: 3_600 };

export const REPLAY = {
  accountId: 'acc_1', until: null,
  events: [{
    revision: 12, position: '00000000000000000812-00000000000000000011', recordedAt: '2026-11-25T10:15:00.112Z', at: '2026-11-25T10:15:00.000Z',
    type: 'CallMinutesConsumed', change: 'call call_8f14e45f: 600 s subscription, 154 s credits', creditChangeSeconds: -154,
    balanceSeconds: 480, balanceMinutes: 8, month: '2026-11', reloadsThisMonth: 6,
  }],
};

export const VERIFY = {
  ok: false, events: 18_204, accounts: 312,
  drifts: [{ projection: 'accounts', key: 'acc_2', field: 'balanceSeconds', readModel: 12_345, replayed: 18_500 }],
  behind: [],
};

export const RECONCILIATION = {
  ok: false, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z',
  stripe: { payments: 412, refunds: 3, listed: 988 }, store: { credits: 411, refunds: 2 },
  differences: [
    { kind: 'paid_not_credited', accountId: 'acc_1', purchaseId: 'pur_5f2c1e9a', stripeReference: 'pi_3QxYz', stripe: usd(8_400), store: null,
      detail: 'paid 84.00 USD at Stripe on 2026-11-25T10:15:00.000Z; no credits recorded' },
    { kind: 'refund_not_applied', accountId: 'acc_2', purchaseId: 'reload-call_9', stripeReference: 're_3QxZa', stripe: usd(2_200), store: null,
      detail: 'refunded 22.00 USD at Stripe on 2026-11-26T09:00:00.000Z; the minutes were not taken back' },
  ],
};

export const LEDGER_CSV = 'time,account_id,kind,minutes,seconds,balance_after_minutes,balance_after_seconds,purchase_id,reload_id,call_id,event_id,position\r\n'
  + '2026-11-25T10:15:00.000Z,acc_1,call,-2.57,-154,8.00,480,,,call_8f14e45f,0b6f2b2e-5a8e-5d0c-9a57-3c1f0f8f2d11,00000000000000000812-00000000000000000011\r\n';

const previewOutcome = (o: Record<string, unknown>) => ({
  reloads: 0, total: usd(0), capReachedAt: null, capReachedOn: null, callsWhilePaused: 0, lowestBalanceSeconds: 0, callsBelowZero: 0, ...o,
});

export const AUTO_RELOAD_PREVIEW = {
  fromMonth: '2026-10', toMonth: '2026-10', proposal: { thresholdMinutes: 10, monthlyMaximum: 2 },
  months: [{
    month: '2026-10', calls: 412,
    simulated: previewOutcome({ reloads: 2, total: usd(4_400), capReachedAt: '2026-10-20T09:30:00.000Z', capReachedOn: '2026-10-20', callsWhilePaused: 3, lowestBalanceSeconds: -300, callsBelowZero: 2 }),
    actual: previewOutcome({ reloads: 1, total: usd(2_200), lowestBalanceSeconds: -1_200, callsBelowZero: 5 }),
    sentence: 'October 2026: 2 reloads would have fired ($44.00); the maximum of 2 would have been reached on 20 October and 3 later calls would have bought nothing; '
      + 'lowest balance -5 min, 2 calls would have ended below zero. What happened: 1 reload ($22.00), lowest balance -20 min, 5 calls ended below zero.',
  }],
  totals: { simulated: { reloads: 2, total: usd(4_400) }, actual: { reloads: 1, total: usd(2_200) } },
};

export const SETTINGS_CHANGE = {
  at: '2026-11-05T09:00:00.000Z', by: 'alice', reason: null, enabled: true, thresholdMinutes: 20, monthlyMaximum: 4,
  changes: [{ field: 'thresholdMinutes', from: 10, to: 20 }, { field: 'monthlyMaximum', from: 10, to: 4 }],
  sentence: 'alice changed the threshold from 10 to 20 min and the monthly maximum from 10 to 4.',
};

export const CREDIT_FORECAST = {
  available: true, observedDays: 30, dailyCreditSeconds: 1_200, creditsLastDays: 15,
  sentence: 'At the last 30 days\' usage (about 20 min a day), the credits last about 15 days.',
  reloads: { likelyThisMonth: 2, monthlyMax: 3, reachesMaximum: false, sentence: 'This month is likely to need about 2 of its 3 reloads.' },
};

export const WEBHOOK_ENDPOINT = {
  id: 'whe_5f0c6d2ba1e94c7f8e2b9d4a6c3e1f07', url: 'https://crm.example.com/billing-webhooks', eventTypes: ['CreditsPurchased', 'AutoReloadFailed'],
  accountId: null, description: 'CRM sync', status: 'enabled', disabledReason: null, disabledAt: null,
  position: '00000000000000000812-00000000000000000011', previousSecretExpiresAt: null,
  createdAt: '2026-11-25T10:15:00.000Z', updatedAt: '2026-11-25T10:15:00.000Z',
};

export const WEBHOOK_DELIVERY = {
  eventId: STORED_EVENT.id, eventType: 'CreditsPurchased', position: STORED_EVENT.position, stream: 'billing-account-acc_1', state: 'pending',
  attempts: 3, lastAttemptAt: '2026-11-25T10:16:00.000Z', lastStatus: 500, lastLatencyMs: 84, lastError: null, nextAttemptAt: '2026-11-25T10:16:40.000Z', redeliver: false,
};
