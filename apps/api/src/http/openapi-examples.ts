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

export const LEDGER_CSV = 'time,account_id,kind,minutes,seconds,balance_after_minutes,balance_after_seconds,purchase_id,reload_id,call_id,event_id,position\r\n'
  + '2026-11-25T10:15:00.000Z,acc_1,call,-2.57,-154,8.00,480,,,call_8f14e45f,0b6f2b2e-5a8e-5d0c-9a57-3c1f0f8f2d11,00000000000000000812-00000000000000000011\r\n';
