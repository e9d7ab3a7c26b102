import fc from 'fast-check';
import { accountsProjection, applyEvent, type AccountRow } from '@billing/projections';
// Internals on purpose (the adapter's row decoding, the domain's test generators), as global-setup does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { run, scenario } from '../../libs/domain/src/testing/random-runs';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recorded } from '../../libs/projections/src/testing/events';

// Issue 20: the accounts read model's auto-reload columns are the domain's state (evolveAutoReload is
// their one home), after any sequence of commands the decider accepts.
it("the read model's auto-reload fields equal the domain's state after random command sequences", () => {
  fc.assert(
    fc.property(scenario, (input) => {
      const { events, state } = run(input);
      const row = events.reduce<AccountRow | null>((before, event, i) => applyEvent(accountsProjection, before, recorded(event, i + 1)), null);
      const { enabled, thresholdMinutes, monthlyMaximum, disabledReason, consecutiveFailures, reloadInFlight } = state.autoReload;
      expect(row && {
        enabled: row.autoReloadEnabled, thresholdMinutes: row.thresholdMinutes, monthlyMaximum: row.monthlyMaximum,
        disabledReason: row.disabledReason, consecutiveFailures: row.consecutiveFailures, reloadInFlight: row.reloadInFlight,
      }).toEqual({ enabled, thresholdMinutes, monthlyMaximum, disabledReason, consecutiveFailures, reloadInFlight });
      expect(row?.paymentMethodId).toBe(state.paymentMethodId);
      expect(row?.balanceSeconds).toBe(state.credits.balanceSeconds);
    }),
    { numRuns: 200 },
  );
});
