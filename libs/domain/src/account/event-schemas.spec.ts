import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { cmd, min } from '../testing/fixtures';
import { runCommands } from '../testing/run';
import { autoReloadAccount, STARTER_WITHOUT_INCLUDED_MINUTES } from '../testing/scenarios';
import { BILLING_EVENT_TYPES, EVENT_SCHEMA_VERSIONS } from './events';
import type { BillingEvent } from './events';
import { upcast } from './upcast';

const SCHEMA_DIR = join(__dirname, '..', '..', 'schemas');
const files = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.json'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
const schemas: Record<string, { schema: Record<string, unknown>; validate: ValidateFunction }> = {};
for (const file of files) {
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
  schemas[file.replace(/\.json$/, '')] = { schema, validate: ajv.compile(schema) };
}

function schemaOf(name: string): { schema: Record<string, unknown>; validate: ValidateFunction } {
  const entry = schemas[name];
  if (!entry) throw new Error(`no schema ${name}`);
  return entry;
}

const exampleOf = (name: string): Record<string, unknown> => (schemaOf(name).schema['examples'] as Record<string, unknown>[])[0] ?? {};

function validateEvent(type: string, version: number, data: unknown): string[] {
  const entry = schemas[`${type}.v${version}`];
  if (!entry) return [`no schema ${type}.v${version}`];
  return entry.validate(data) ? [] : (entry.validate.errors ?? []).map((error) => `${type}${error.instancePath} ${error.message}`);
}

/** Commands whose events cover every event type. */
const everything = [
  ...autoReloadAccount({ monthlyMaximum: 1 }),
  cmd.startPurchase('p2', 2),
  cmd.expirePurchase('p2'),
  cmd.callEnded('c1', min(100), '2024-03-05T10:00:00Z'),
  cmd.completeReload('reload-c1', '2024-03-05T10:00:01Z'),
  cmd.refund('reload-c1', 're_1', 500),
  cmd.dispute('p0', 'dp_1', 'lost', 1000),
  cmd.callEnded('c2', min(100), '2024-03-06T10:00:00Z'),
  cmd.callEnded('c3', min(1), '2024-04-01T10:00:00Z'),
  cmd.failReload('reload-c3', 'authentication_required', '2024-04-01T10:00:02Z'),
  cmd.removeCard('2024-04-02T10:00:00Z'),
  cmd.changePlan('free', { at: '2024-04-03T10:00:00Z' }),
];

describe('Event schemas — the contract downstream services code against', () => {
  it('there is a schema for the current version of every event type, and no schema for an unknown one', () => {
    for (const type of BILLING_EVENT_TYPES) expect(files).toContain(`${type}.v${EVENT_SCHEMA_VERSIONS[type]}.json`);
    for (const file of files) {
      const [, type, version] = /^(\w+)\.v(\d+)\.json$/.exec(file) ?? [];
      expect(BILLING_EVENT_TYPES).toContain(type);
      expect(Number(version)).toBeLessThanOrEqual(EVENT_SCHEMA_VERSIONS[type as keyof typeof EVENT_SCHEMA_VERSIONS]);
    }
    expect(files).toHaveLength(BILLING_EVENT_TYPES.length + 1); // + CallMinutesConsumed.v1
  });

  it.each(files)('%s is closed (additionalProperties: false), described, and its example validates', (file) => {
    const { schema, validate } = schemaOf(file.replace(/\.json$/, ''));
    expect(schema['additionalProperties']).toBe(false);
    expect(typeof schema['description']).toBe('string');
    const properties = schema['properties'] as Record<string, { description?: string }>;
    for (const [name, property] of Object.entries(properties)) expect([name, typeof property.description]).toEqual([name, 'string']);
    const examples = schema['examples'] as unknown[];
    expect(examples).toHaveLength(1);
    expect(validate(examples[0])).toBe(true);
  });

  it('every event decide produces validates against its current schema (all 15 types)', () => {
    const { events, refused } = runCommands(everything, STARTER_WITHOUT_INCLUDED_MINUTES);
    expect(refused).toBe(0);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(BILLING_EVENT_TYPES));
    const problems = events.flatMap((event: BillingEvent) => validateEvent(event.type, EVENT_SCHEMA_VERSIONS[event.type], event.data));
    expect(problems).toEqual([]);
  });

  it('a schema refuses an unknown field, a missing field and a fractional amount', () => {
    const example = exampleOf('CreditsPurchased.v1');
    expect(validateEvent('CreditsPurchased', 1, { ...example, bonus: 1 })).toEqual(['CreditsPurchased must NOT have additional properties']);
    const { paymentReference: _omitted, ...missing } = example;
    expect(validateEvent('CreditsPurchased', 1, missing)).toEqual(["CreditsPurchased must have required property 'paymentReference'"]);
    expect(validateEvent('CreditsPurchased', 1, { ...example, total: { amount: 84.5, currency: 'usd' } })).toEqual(['CreditsPurchased/total/amount must be integer']);
  });

  it('the CallMinutesConsumed v1 example, upcast, validates against v2', () => {
    const v1 = exampleOf('CallMinutesConsumed.v1');
    const upcasted = upcast({ type: 'CallMinutesConsumed', schemaVersion: 1, data: v1 });
    expect(validateEvent('CallMinutesConsumed', 2, upcasted.data)).toEqual([]);
  });
});
