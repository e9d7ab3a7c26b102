import { createWriteStream } from 'node:fs';
import Stripe from 'stripe';
import { once } from 'node:events';
import { ALL_PROJECTIONS, migrateProjections, rebuildProjections } from '@billing/projections';
import { ledgerForExport, replayAccount } from '../../audit/audit-queries';
import { formatDrift } from '../../audit/drift';
import { ledgerCsv } from '../../audit/ledger-csv';
import { parseRange, parseUntil } from '../../audit/range';
import { timeZoneOf } from '../../accounts/account-time-zone';
import { verifyReadModels } from '../../audit/verify';
import type { Runtime } from '../../infrastructure/runtime';
import type { AuditCommand } from './args';
import { replayText, textTable } from './format';
import { progressOutput } from './progress';
import { reconcile, reconcileText } from '../../audit/reconcile/reconcile';
import { classifyStripeError } from '../../payments/stripe-outcomes';
import { createStripeClient } from '../../payments/stripe-client';

/** A failure the user can act on: printed as is, exit 1 (not a usage error, not a crash). */
export class AuditFailure extends Error {}

type Out = (text: string) => void;

/** Runs one command; returns the exit code. */
export async function runAudit(command: Exclude<AuditCommand, { command: 'help' }>, runtime: Runtime, out: Out): Promise<number> {
  const { pool, eventStore: store } = runtime;
  switch (command.command) {
    case 'replay': {
      // Dates are the account's days (its time zone); an account without events has none to replay.
      const zone = (await timeZoneOf(store, command.account)) ?? 'UTC';
      const rows = await replayAccount(store, command.account, parseUntil(command.untilText, zone) ?? command.until);
      if (!rows) throw new AuditFailure(`account "${command.account}" has no events`);
      out(command.json ? `${JSON.stringify(rows, null, 2)}\n` : replayText(command.account, rows));
      return 0;
    }
    case 'verify': {
      await migrateProjections(pool);
      const total = await countEvents(runtime);
      const progress = progressOutput('verify');
      const started = performance.now();
      const rate = (done: number) => (done * 1_000) / Math.max(1, performance.now() - started);
      const result = await verifyReadModels(store, pool, { onProgress: (done) => progress.update({ done, total, rate: rate(done) }) });
      progress.finish({ done: result.events, total, rate: rate(result.events) });
      if (command.json) out(`${JSON.stringify(result, null, 2)}\n`);
      else {
        for (const drift of result.drifts) out(`DRIFT ${formatDrift(drift)}\n`);
        // Not a drift: the runner has not got there yet (or is not running); say so rather than look complete.
        if (result.behind.length) process.stderr.write(`note: ${result.behind.join(', ')} not yet at the head of the store: later events were not verified\n`);
        out(`verified ${result.events} event(s), ${result.accounts} account(s): ${result.drifts.length} drift(s)\n`);
      }
      return result.drifts.length ? 1 : 0;
    }
    case 'export': {
      await migrateProjections(pool);
      const zone = (await timeZoneOf(store, command.account)) ?? 'UTC';
      const entries = await ledgerForExport(pool, command.account, parseRange(command.rangeText.from, command.rangeText.to, zone));
      if (!entries) throw new AuditFailure(`account "${command.account}" is not in the read models`);
      const csv = ledgerCsv(entries);
      if (!command.out) out(csv);
      else {
        const file = createWriteStream(command.out);
        file.end(csv);
        await once(file, 'finish');
        process.stderr.write(`${entries.length} ledger entr${entries.length === 1 ? 'y' : 'ies'} written to ${command.out}\n`);
      }
      return 0;
    }
    case 'reconcile': {
      const { secretKey, apiUrl } = runtime.config.stripe;
      if (!secretKey) throw new AuditFailure('reconciliation needs Stripe: STRIPE_SECRET_KEY is not set (the sandbox takes no payments to compare with)');
      const progress = progressOutput('reconcile: listed', process.stderr, 2_000, 'Stripe objects');
      const started = performance.now();
      const rate = (done: number) => (done * 1_000) / Math.max(1, performance.now() - started);
      let report;
      try {
        report = await reconcile(createStripeClient(secretKey, apiUrl), store, command.range, (done) => progress.update({ done, total: undefined, rate: rate(done) }));
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeError)) throw error;
        const fault = classifyStripeError(error);
        throw new AuditFailure(`Stripe did not answer the reconciliation (${fault.class}: ${fault.code}): ${fault.message}`);
      }
      progress.finish({ done: report.stripe.listed, total: undefined, rate: rate(report.stripe.listed) });
      out(command.json ? `${JSON.stringify(report, null, 2)}\n` : reconcileText(report, textTable));
      return report.ok ? 0 : 1;
    }
    case 'rebuild': {
      const progress = progressOutput('rebuild');
      const result = await rebuildProjections({
        pool, store, projections: command.projection ? ALL_PROJECTIONS.filter((p) => p.name === command.projection) : undefined,
        countEvents: () => countEvents(runtime),
        onProgress: (p) => (p.phase === 'done' ? progress.finish(p) : progress.update(p)),
      });
      out(`rebuilt ${Object.keys(result.positions).join(', ')} from ${result.events} event(s) in ${(result.durationMs / 1_000).toFixed(1)} s; swapped in at ${JSON.stringify(result.positions)}\n`);
      return 0;
    }
  }
}

/** For "done of total": the PostgreSQL adapter's table; EventStoreDB cannot count cheaply, so no total. */
async function countEvents(runtime: Runtime): Promise<number | undefined> {
  if (runtime.eventStoreAdapter !== 'postgresql') return undefined;
  const result = await runtime.pool.query(`SELECT count(*)::bigint AS n FROM es_events WHERE stream_id LIKE 'billing-account-%'`);
  return Number(result.rows[0].n);
}
