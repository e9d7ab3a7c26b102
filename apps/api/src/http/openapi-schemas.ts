import { NOTICES, PLAN_IDS, ROLES } from '@billing/domain';
import { LEDGER_KINDS } from '@billing/projections';
import type { OpenAPIObject } from '@nestjs/swagger';
import { array, bool, instant, int, nullable, num, object, oneOfValues, ref, type Schema, str } from './openapi-schema-builders';
import { HISTORY_SCHEMAS } from './openapi-schemas-history';

/**
 * Response schemas of the OpenAPI document (components.schemas), so a generated client gets types,
 * not only examples. test/api/openapi.spec.ts checks each example and real responses against them.
 * OpenAPI 3.0 dialect: `nullable`, no type arrays.
 */
const position = str('A position in the store: "<transaction id>-<global position>", 20 digits each; resume after it.');
const month = str('A calendar month, YYYY-MM, in the account\'s time zone.');
const planId = oneOfValues(PLAN_IDS);
const disabledReason = ['user', 'plan_downgrade', 'payment_failed', 'authentication_required'] as const;

const notice = object({
  code: oneOfValues(Object.keys(NOTICES)),
  message: str('The sentence the billing page shows.'),
  action: nullable(oneOfValues(['upgrade', 'update_payment_method', 'configure_auto_reload'])),
});

const webhookEndpoint = object({
  id: str(),
  url: str(),
  eventTypes: nullable(array(str())),
  accountId: nullable(str()),
  description: nullable(str()),
  status: oneOfValues(['enabled', 'disabled']),
  disabledReason: nullable(str('Why it stopped: 410 Gone, or failing for the retry window.')),
  disabledAt: nullable(instant),
  position: { ...position, description: 'Its cursor: every matching event after it is still to be delivered.' },
  previousSecretExpiresAt: nullable({ ...instant, description: 'Until then the rotated-out secret signs too.' }),
  createdAt: instant,
  updatedAt: instant,
}) as Schema & { properties: Record<string, Schema>; required: string[] };

const SCHEMAS = {
  Money: object({ amount: int('Integer minor units (cents).'), currency: str('ISO 4217, lower case.') }),
  Problem: {
    ...object(
      {
        type: str('urn:billing:problem:<code>'),
        title: str(),
        status: int(),
        detail: str(),
        instance: str(),
        code: str('Stable error code, e.g. AUTO_RELOAD.NOT_AVAILABLE_ON_FREE.'),
        errors: array({ ...object({ field: str(), message: str() }), additionalProperties: true }),
        correlationId: str(),
      },
      ['errors', 'correlationId', 'instance'],
    ),
    description: 'RFC 9457 problem details, served as application/problem+json.',
  },
  Notice: notice,
  BillingSummary: object({
    accountId: str(),
    timeZone: str('IANA time zone.'),
    month,
    plan: object({ id: planId, name: str(), ratePerMinute: ref('Money'), autoReloadAvailable: bool, monthlyReloadLimit: int() }),
    credits: object({ balanceSeconds: int(), balanceMinutes: num() }),
    subscription: object({ includedMinutes: int(), usedSeconds: int(), remainingSeconds: int(), remainingMinutes: num() }),
    autoReload: object({
      enabled: bool,
      thresholdMinutes: int(),
      monthlyMax: int('The maximum in force: the chosen one capped by the plan\'s limit.'),
      usedThisMonth: int(),
      usageText: str('"X of Y used this month".'),
      usageLevel: oneOfValues(['normal', 'warning', 'critical']),
      paused: bool,
      reloadInFlight: bool,
      notice: nullable(notice),
      disabledReason: nullable(oneOfValues([...disabledReason, 'not_available_on_plan'])),
    }),
    permissions: object({ canBuyCredits: bool, canConfigureAutoReload: bool }),
  }),
  Quote: object({ blocks: int(), minutes: int(), ratePerMinute: ref('Money'), total: ref('Money') }),
  PurchaseStarted: object({
    purchaseId: str(),
    blocks: int(),
    minutes: int(),
    ratePerMinute: ref('Money'),
    total: ref('Money'),
    checkoutUrl: str('Send the browser here (Stripe Checkout, or the sandbox checkout without a Stripe key).'),
  }),
  Purchase: object({
    purchaseId: str(),
    status: oneOfValues(['pending', 'completed', 'failed', 'expired']),
    blocks: int(),
    minutes: int(),
    ratePerMinute: ref('Money'),
    total: ref('Money'),
    startedAt: instant,
    paymentReference: nullable(str()),
  }),
  CallResult: object({
    consumed: object({ subscriptionSeconds: int(), creditSeconds: int() }),
    balanceSeconds: int(),
    autoReload: object({ outcome: oneOfValues(['triggered', 'not_triggered']), reason: str(), reloadId: nullable(str()) }),
  }),
  CallEndResult: {
    ...object(
      {
        accountId: nullable(str('As sent; null when the item had none (a string).')),
        callId: nullable(str('As sent; null when the item had none (a string).')),
        status: int('What POST /v1/accounts/{accountId}/calls would have answered: 201, 200 (already recorded), or a problem\'s status.'),
        consumed: object({ subscriptionSeconds: int(), creditSeconds: int() }),
        balanceSeconds: int(),
        autoReload: object({ outcome: oneOfValues(['triggered', 'not_triggered']), reason: str(), reloadId: nullable(str()) }),
        type: str('urn:billing:problem:<code>'),
        title: str(),
        detail: str(),
        instance: str(),
        code: str('Stable error code, as the single endpoint answers it.'),
        errors: array({ ...object({ field: str(), message: str() }), additionalProperties: true }),
        correlationId: str(),
      },
      ['consumed', 'balanceSeconds', 'autoReload', 'type', 'title', 'detail', 'instance', 'code', 'errors', 'correlationId'],
    ),
    description: 'One item\'s answer: the CallResult fields for 201/200, the Problem fields otherwise.',
  },
  CallEndResults: object({ results: array(ref('CallEndResult')) }),
  LedgerEntry: object({
    eventId: str(),
    accountId: str(),
    kind: oneOfValues([...LEDGER_KINDS]),
    seconds: int('Signed: credits bought are positive, credit seconds a call used or a refund (or lost dispute) took back are negative.'),
    minutes: num(),
    balanceAfterSeconds: int(),
    balanceAfterMinutes: num(),
    purchaseId: nullable(str()),
    reloadId: nullable(str()),
    callId: nullable(str()),
    at: instant,
    position,
  }),
  AccountListItem: object({
    accountId: str(),
    planId,
    timeZone: str(),
    stripeCustomerId: nullable(str()),
    paymentMethodId: nullable(str()),
    balanceSeconds: int(),
    balanceMinutes: num(),
    autoReloadEnabled: bool,
    thresholdMinutes: int(),
    monthlyMaximum: int('As chosen by the administrator.'),
    disabledReason: nullable(oneOfValues(disabledReason)),
    consecutiveFailures: int(),
    reloadInFlight: nullable(str('The reload id being charged.')),
    openedAt: instant,
    lastEventAt: instant,
    position,
    currentMonth: month,
    reloadsThisMonth: int(),
    monthlyMaximumInForce: int('Y of "X of Y used this month".'),
  }),
  Reload: object({
    accountId: str(),
    reloadId: str(),
    callId: str(),
    month,
    status: oneOfValues(['pending', 'completed', 'failed']),
    planId,
    blocks: int(),
    minutes: int(),
    ratePerMinuteCents: int(),
    totalCents: int(),
    currency: str(),
    paymentMethodId: str(),
    paymentReference: nullable(str()),
    declineCode: nullable(str()),
    consecutiveFailures: nullable(int()),
    triggeredAt: instant,
    settledAt: nullable(instant),
    position,
  }),
  Call: object({
    accountId: str(),
    callId: str(),
    endedAt: instant,
    month,
    durationSeconds: int(),
    subscriptionSeconds: int(),
    creditSeconds: int(),
    creditBalanceAfterSeconds: int(),
    reloadDecision: str('Why auto-reload did or did not buy a block at the end of this call.'),
    thresholdSeconds: nullable(int()),
    reloadId: nullable(str()),
    position,
  }),
  StoredEvent: object(
    {
      id: str(),
      type: str(),
      schemaVersion: int(),
      stream: str(),
      revision: int('Its place in the account\'s stream (account events only).'),
      position,
      recordedAt: instant,
      data: { type: 'object', additionalProperties: true },
      metadata: { type: 'object', additionalProperties: true },
    },
    ['revision'],
  ),
  FeedPage: object({ events: array(ref('StoredEvent')), next: nullable(position) }),
  BalanceAsOf: object({
    accountId: str(),
    asOf: instant,
    plan: planId,
    credits: object({ balanceSeconds: int(), balanceMinutes: num() }),
    autoReload: object({ enabled: bool, month, usedThisMonth: int(), monthlyMax: int() }),
    lastEvent: object({ revision: int(), position, recordedAt: instant }),
  }),
  Replay: object({
    accountId: str(),
    until: nullable(instant),
    events: array(
      object({
        revision: int(),
        position,
        recordedAt: instant,
        at: instant,
        type: str(),
        change: str('What the event did, in words.'),
        creditChangeSeconds: int(),
        balanceSeconds: int(),
        balanceMinutes: num(),
        month,
        reloadsThisMonth: int(),
      }),
    ),
  }),
  Reconciliation: object({
    ok: bool,
    from: instant,
    to: instant,
    stripe: object({ payments: int(), refunds: int(), listed: int('Stripe objects read (Checkout Sessions, PaymentIntents, refunds).') }),
    store: object({ credits: int(), refunds: int() }),
    differences: array(object({
      kind: oneOfValues(['paid_not_credited', 'credited_without_payment', 'amount_differs', 'refund_not_applied', 'refund_without_stripe_refund']),
      accountId: nullable(str()),
      purchaseId: nullable(str('The purchase or reload id.')),
      stripeReference: str('The PaymentIntent (or Checkout Session, or refund) at Stripe.'),
      stripe: nullable(object({ amount: int('Integer minor units (cents).'), currency: str() })),
      store: nullable(object({ amount: int('Integer minor units (cents).'), currency: str() })),
      detail: str(),
    })),
  }),
  Verification: object({
    ok: bool,
    events: int(),
    accounts: int(),
    drifts: array(object({ projection: str(), key: str(), field: str(), readModel: {}, replayed: {} })),
    behind: array(str('A read model whose checkpoint was behind the store\'s head.')),
  }),
  Health: object(
    {
      status: oneOfValues(['ok', 'error', 'shutting_down']),
      info: { type: 'object', additionalProperties: true },
      error: { type: 'object', additionalProperties: true },
      details: { type: 'object', additionalProperties: true },
    },
    ['info', 'error'],
  ),
  Liveness: object({ status: oneOfValues(['ok']), uptimeSeconds: int('Seconds since the process started.') }),
  LoginOptions: object({ developmentLogin: { ...bool, description: 'true only while the development secret is in use: POST /v1/dev/token exists then.' } }),
  Session: object({
    sub: str('The token\'s subject.'),
    role: oneOfValues(ROLES),
    accountId: nullable(str('The account an admin or editor token is for.')),
  }),
  ...HISTORY_SCHEMAS,
  WebhookEndpoint: webhookEndpoint,
  WebhookEndpointWithSecret: { ...webhookEndpoint, properties: { ...webhookEndpoint.properties, secret: str('whsec_ + base64: shown only in this answer.') }, required: [...webhookEndpoint.required, 'secret'] },
  WebhookEndpointList: object({ endpoints: array(ref('WebhookEndpoint')) }),
  WebhookDeliveryLog: object({
    deliveries: array(object({
      eventId: str(), eventType: str(), position, stream: str(),
      state: oneOfValues(['pending', 'delivered', 'failed']),
      attempts: int(), lastAttemptAt: nullable(instant), lastStatus: nullable(int('The HTTP status of the last answer.')),
      lastLatencyMs: nullable(int()), lastError: nullable(str('Why there was no answer (timeout, connection).')),
      nextAttemptAt: nullable(instant), redeliver: { ...bool, description: 'A redelivery asked for and not yet sent.' },
    })),
  }),
  WebhookRedelivery: object({ eventId: str(), queued: bool }),
} satisfies Record<string, Schema>;

export type SchemaName = keyof typeof SCHEMAS;
export const schemaRef = (name: SchemaName): Schema => ref(name);

/**
 * Adds the schemas, and to every operation an error response in problem+json (the exception filter
 * answers every error so), unless it documents its own.
 */
export function withResponseSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(SCHEMAS as Record<string, Schema>) } };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as { responses?: Record<string, unknown> }[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.responses ??= {};
      operation.responses.default ??= {
        description: 'An error, as RFC 9457 problem details with a stable code',
        content: { 'application/problem+json': { schema: schemaRef('Problem') } },
      };
    }
  }
  return document;
}
