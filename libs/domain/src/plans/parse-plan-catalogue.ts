import { DomainError } from '../shared/domain-error';
import { isMoney } from '../shared/money';
import type { Plan, PlanCatalogue, PlanId } from './plan';
import { isPlanId, PLAN_IDS } from './plan';

const PLAN_KEYS: readonly (keyof Plan)[] = ['id', 'name', 'ratePerMinute', 'includedMinutes', 'autoReloadAvailable', 'monthlyReloadLimit'];

/**
 * Reads an operator's catalogue override: a JSON string or an already parsed value, either an array of
 * plans or an object keyed by plan id. It must list all four plans in full — a partial file would leave
 * it unclear which values are in force. Unknown keys are refused so a typo cannot silently fall back.
 * Throws PLAN_CATALOGUE.INVALID naming every problem, so start-up fails fast with a clear message.
 */
export function parsePlanCatalogue(json: unknown): PlanCatalogue {
  const problems: string[] = [];
  const value = typeof json === 'string' ? parseJson(json, problems) : json;
  const entries = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : undefined;
  if (entries === undefined) {
    if (problems.length === 0) problems.push('the catalogue must be an array of plans or an object keyed by plan id');
    throw invalid(problems);
  }
  if (isObject(value) && !Array.isArray(value)) {
    for (const [key, plan] of Object.entries(value)) {
      if (isObject(plan) && plan['id'] !== key) problems.push(`plan under key "${key}" has id ${JSON.stringify(plan['id'])}`);
    }
  }
  const plans: Partial<Record<PlanId, Plan>> = {};
  const listed = new Set<unknown>();
  entries.forEach((entry, index) => {
    const id = isObject(entry) ? entry['id'] : undefined;
    if (isPlanId(id) && listed.has(id)) problems.push(`plan "${id}" is listed twice`);
    listed.add(id);
    const plan = checkPlan(entry, `plan #${index + 1}`, problems);
    if (plan) plans[plan.id] = plan;
  });
  for (const id of PLAN_IDS) if (!listed.has(id)) problems.push(`plan "${id}" is missing`);
  if (problems.length > 0) throw invalid(problems);
  return plans as PlanCatalogue;
}

function checkPlan(entry: unknown, label: string, problems: string[]): Plan | undefined {
  if (!isObject(entry)) {
    problems.push(`${label} must be an object`);
    return undefined;
  }
  const before = problems.length;
  const { id, name, ratePerMinute, includedMinutes, autoReloadAvailable, monthlyReloadLimit } = entry;
  const where = isPlanId(id) ? `plan "${id}"` : label;
  for (const key of Object.keys(entry)) {
    if (!(PLAN_KEYS as readonly string[]).includes(key)) problems.push(`${where}: unknown key "${key}"`);
  }
  if (!isPlanId(id)) problems.push(`${where}: id must be one of ${PLAN_IDS.join(', ')}`);
  if (typeof name !== 'string' || name.trim() === '') problems.push(`${where}: name must be a non-empty string`);
  if (!isMoney(ratePerMinute) || ratePerMinute.amount < 1) {
    problems.push(`${where}: ratePerMinute must be { amount: positive integer of minor units, currency: "usd" }`);
  }
  if (!isNonNegativeInteger(includedMinutes)) problems.push(`${where}: includedMinutes must be an integer >= 0`);
  if (typeof autoReloadAvailable !== 'boolean') problems.push(`${where}: autoReloadAvailable must be true or false`);
  if (!isNonNegativeInteger(monthlyReloadLimit)) problems.push(`${where}: monthlyReloadLimit must be an integer >= 0`);
  // The help page: Free cannot enable auto-reload. Availability and limit must agree either way.
  if (id === 'free' && autoReloadAvailable === true) problems.push(`plan "free": auto-reload is not available on Free`);
  if (autoReloadAvailable === true && monthlyReloadLimit === 0) problems.push(`${where}: monthlyReloadLimit must be >= 1 when auto-reload is available`);
  if (autoReloadAvailable === false && isNonNegativeInteger(monthlyReloadLimit) && monthlyReloadLimit !== 0) {
    problems.push(`${where}: monthlyReloadLimit must be 0 when auto-reload is not available`);
  }
  if (problems.length > before) return undefined;
  return { id, name, ratePerMinute, includedMinutes, autoReloadAvailable, monthlyReloadLimit } as Plan;
}

function parseJson(text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isNonNegativeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function invalid(problems: string[]): DomainError {
  return new DomainError('PLAN_CATALOGUE.INVALID', `Invalid plan catalogue: ${problems.join('; ')}.`);
}
