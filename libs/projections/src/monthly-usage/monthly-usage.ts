import type { Projection, ProjectionEvent } from '../projection';

/**
 * Per account and calendar month (the account's time zone, as the domain computed it on each event):
 * subscription and credit seconds used, calls, and completed auto-reloads. Keeping every month, not
 * just the latest, answers "X of Y used" for any month, and the current month needs no event to roll over.
 */
export interface MonthlyUsageRow {
  accountId: string;
  month: string;
  subscriptionSeconds: number;
  creditSeconds: number;
  calls: number;
  /** Completed auto-reloads counted toward this month's maximum (failed charges do not count). */
  reloadsCompleted: number;
  position: string;
}

function empty(accountId: string, month: string, position: string): MonthlyUsageRow {
  return { accountId, month, subscriptionSeconds: 0, creditSeconds: 0, calls: 0, reloadsCompleted: 0, position };
}

/** Additive, so applying an event twice would double it: the row's position makes a replay a no-op (applyEvent). */
export function evolveMonthlyUsage(row: MonthlyUsageRow | null, e: ProjectionEvent): MonthlyUsageRow | null {
  const { event } = e;
  switch (event.type) {
    case 'CallMinutesConsumed': {
      const { accountId, month, subscriptionSeconds, creditSeconds } = event.data;
      const r = row ?? empty(accountId, month, e.position);
      return {
        ...r, subscriptionSeconds: r.subscriptionSeconds + subscriptionSeconds, creditSeconds: r.creditSeconds + creditSeconds,
        calls: r.calls + 1, position: e.position,
      };
    }
    case 'CreditsPurchased': {
      const { accountId, reloadMonth } = event.data;
      if (reloadMonth === null) return row;
      const r = row ?? empty(accountId, reloadMonth, e.position);
      return { ...r, reloadsCompleted: r.reloadsCompleted + 1, position: e.position };
    }
    default:
      return row;
  }
}

function keyOf({ event }: ProjectionEvent): string[] | null {
  if (event.type === 'CallMinutesConsumed') return [event.data.accountId, event.data.month];
  if (event.type === 'CreditsPurchased' && event.data.source === 'auto_reload' && event.data.reloadMonth !== null) {
    return [event.data.accountId, event.data.reloadMonth];
  }
  return null;
}

export const monthlyUsageProjection: Projection<MonthlyUsageRow> = {
  name: 'monthly_usage',
  table: {
    name: 'proj_monthly_usage',
    key: ['accountId', 'month'],
    columns: {
      accountId: 'text', month: 'text', subscriptionSeconds: 'bigint', creditSeconds: 'bigint', calls: 'int',
      reloadsCompleted: 'int', position: 'text',
    },
  },
  keyOf,
  evolve: evolveMonthlyUsage,
};
