import type { Pool } from 'pg';
import { type AutoReloadDecision, monthOf, type PreviewWindow, type ReplayFact, usd } from '@billing/domain';
import { callsProjection } from '../calls/calls';
import { ledgerProjection } from '../ledger/ledger';
import { reloadsProjection } from '../reloads/reloads';
import { qualified } from '../sql/table';

export interface ReplayFacts {
  openingBalanceSeconds: number;
  facts: ReplayFact[];
}

type FactRow = [kind: string, atMillis: string, month: string | null, seconds: string, after: string, decision: string | null, id: string, totalCents: string | null];

/**
 * The credit movements of an account's months (bounds in its time zone) in store order, for the what-if:
 * every call from the calls read model (a call paid by subscription minutes can still end below the
 * threshold) and the purchases and reloads from the ledger. Plain SELECTs on the read models: they take
 * no lock a call end waits for. Rows come back as arrays with instants as epoch milliseconds: at 100,000
 * calls, parsing row objects and timestamps is most of the cost.
 */
export async function replayFactsOf(pool: Pool, accountId: string, timeZone: string, window: PreviewWindow, schema = 'public'): Promise<ReplayFacts> {
  const calls = qualified(schema, callsProjection.table.name);
  const ledger = qualified(schema, ledgerProjection.table.name);
  const reloads = qualified(schema, reloadsProjection.table.name);
  const bounds = `($2::text || '-01')::timestamp AT TIME ZONE $4::text`;
  const end = `(($3::text || '-01')::timestamp + interval '1 month') AT TIME ZONE $4::text`;
  const query = (zoneName: string) => pool.query<FactRow>({
    rowMode: 'array',
    text: `SELECT kind, at_ms, month, seconds, after, decision, id, total_cents FROM (
        SELECT 'call' AS kind, c.position, (extract(epoch FROM c.ended_at) * 1000)::bigint AS at_ms, c.month, c.credit_seconds AS seconds,
               c.credit_balance_after_seconds AS after, c.reload_decision AS decision, c.call_id AS id, NULL::bigint AS total_cents
          FROM ${calls} c WHERE c.account_id = $1 AND c.ended_at >= ${bounds} AND c.ended_at < ${end}
        UNION ALL
        SELECT l.kind, l.position, (extract(epoch FROM l.at) * 1000)::bigint, r.month, l.seconds, l.balance_after_seconds, NULL,
               l.event_id::text, r.total_cents
          FROM ${ledger} l LEFT JOIN ${reloads} r ON r.account_id = l.account_id AND r.reload_id = l.reload_id
         WHERE l.account_id = $1 AND l.kind <> 'call' AND l.at >= ${bounds} AND l.at < ${end}
      ) f ORDER BY f.position`,
    values: [accountId, window.fromMonth, window.toMonth, zoneName],
  });
  // A zone PostgreSQL does not know can only come from history older than zone validation: its months are UTC's (as monthOf).
  let zone = timeZone;
  const { rows } = await query(zone).catch((error: { code?: string }) => {
    if (error.code !== '22023') throw error;
    zone = 'UTC';
    return query(zone);
  });
  const facts = rows.map((row) => toFact(row, timeZone));
  const [first] = facts;
  if (first) {
    const before = first.kind === 'call' ? first.creditBalanceAfterSeconds + first.creditSeconds : first.creditBalanceAfterSeconds - first.creditSeconds;
    return { openingBalanceSeconds: before, facts };
  }
  const last = await pool.query<{ after: string }>(
    `SELECT balance_after_seconds AS after FROM ${ledger} WHERE account_id = $1 AND at < ${bounds.replace('$4', '$3')} ORDER BY position DESC LIMIT 1`,
    [accountId, window.fromMonth, zone],
  );
  return { openingBalanceSeconds: last.rows[0] ? Number(last.rows[0].after) : 0, facts };
}

function toFact([kind, atMillis, month, seconds, after, decision, id, totalCents]: FactRow, timeZone: string): ReplayFact {
  const at = new Date(Number(atMillis)).toISOString();
  const creditBalanceAfterSeconds = Number(after);
  if (kind === 'call') {
    return { kind: 'call', callId: id, at, month: month ?? monthOf(at, timeZone), creditSeconds: Number(seconds), creditBalanceAfterSeconds, reloadDecision: decision as AutoReloadDecision };
  }
  if (kind === 'auto_reload') {
    return { kind: 'auto_reload', at, month: month ?? monthOf(at, timeZone), creditSeconds: Number(seconds), creditBalanceAfterSeconds, total: usd(Number(totalCents ?? 0)) };
  }
  return { kind: 'purchase', at, month: monthOf(at, timeZone), creditSeconds: Number(seconds), creditBalanceAfterSeconds };
}
