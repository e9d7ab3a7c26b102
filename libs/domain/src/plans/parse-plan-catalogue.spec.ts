import { DomainError } from '../shared/domain-error';
import { usd } from '../shared/money';
import { DEFAULT_PLANS, PLAN_IDS } from './plan';
import { parsePlanCatalogue } from './parse-plan-catalogue';

const defaults = PLAN_IDS.map((id) => DEFAULT_PLANS[id]);
const problemsOf = (json: unknown): string => {
  try {
    parsePlanCatalogue(json);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('PLAN_CATALOGUE.INVALID');
    return (error as DomainError).message;
  }
  throw new Error('expected the catalogue to be refused');
};

describe('Plans — one catalogue, overridable by configuration', () => {
  it('the defaults: Free $0.28/min with 30 minutes and no auto-reload; Starter $0.22, 500, 20; Pro $0.18, 2,000, 50; Business $0.14, 10,000, 100', () => {
    expect(defaults.map((plan) => [plan.id, plan.name, plan.ratePerMinute.amount, plan.includedMinutes, plan.autoReloadAvailable, plan.monthlyReloadLimit])).toEqual([
      ['free', 'Free', 28, 30, false, 0],
      ['starter', 'Starter', 22, 500, true, 20],
      ['pro', 'Pro', 18, 2_000, true, 50],
      ['business', 'Business', 14, 10_000, true, 100],
    ]);
  });

  it('an operator\'s JSON (array or object keyed by id) replaces the catalogue', () => {
    const cheaper = defaults.map((plan) => (plan.id === 'starter' ? { ...plan, ratePerMinute: usd(20) } : plan));
    expect(parsePlanCatalogue(JSON.stringify(cheaper)).starter.ratePerMinute).toEqual(usd(20));
    const keyed = Object.fromEntries(cheaper.map((plan) => [plan.id, plan]));
    expect(parsePlanCatalogue(keyed)).toEqual({ ...DEFAULT_PLANS, starter: { ...DEFAULT_PLANS.starter, ratePerMinute: usd(20) } });
  });

  it('refuses, naming every problem: missing plans, fractional rates, unknown keys, Free with auto-reload', () => {
    const [free, starter, pro] = defaults;
    const message = problemsOf([
      { ...free, autoReloadAvailable: true, monthlyReloadLimit: 5 },
      { ...starter, ratePerMinute: { amount: 21.5, currency: 'usd' } },
      { ...pro, includedMinute: 3 },
    ]);
    expect(message).toBe(
      'Invalid plan catalogue: plan "free": auto-reload is not available on Free; ' +
        'plan "starter": ratePerMinute must be { amount: positive integer of minor units, currency: "usd" }; ' +
        'plan "pro": unknown key "includedMinute"; plan "business" is missing.',
    );
  });

  it('refuses text that is not JSON, a plan listed twice, and a limit that disagrees with availability', () => {
    expect(problemsOf('{not json')).toMatch(/^Invalid plan catalogue: not valid JSON/);
    expect(problemsOf([...defaults, DEFAULT_PLANS.pro])).toContain('plan "pro" is listed twice');
    expect(problemsOf(defaults.map((plan) => (plan.id === 'pro' ? { ...plan, monthlyReloadLimit: 0 } : plan)))).toContain(
      'plan "pro": monthlyReloadLimit must be >= 1 when auto-reload is available',
    );
    expect(problemsOf(42)).toBe('Invalid plan catalogue: the catalogue must be an array of plans or an object keyed by plan id.');
  });
});
