import { replay } from '../replay';
import { recorded } from '../testing/events';
import { callsProjection } from './calls';

describe('calls', () => {
  it('keeps the split, the balance after, and why a reload did or did not fire; a call id appears once', () => {
    const at = '2024-03-05T10:00:00+01:00';
    const call = recorded({ type: 'CallMinutesConsumed', data: { accountId: 'a1', at, callId: 'c1', endedAt: at, month: '2024-03', durationSeconds: 700, subscriptionSeconds: 100, creditSeconds: 600, creditBalanceAfterSeconds: 300, autoReload: { decision: 'monthly_cap_reached', thresholdSeconds: 600, reloadId: null } } }, 1);
    const again = { ...call, id: 'other', position: `${call.position.slice(0, -1)}2` };
    expect(replay(callsProjection, [call, again])).toEqual([{
      accountId: 'a1', callId: 'c1', endedAt: '2024-03-05T09:00:00.000Z', month: '2024-03', durationSeconds: 700, subscriptionSeconds: 100,
      creditSeconds: 600, creditBalanceAfterSeconds: 300, reloadDecision: 'monthly_cap_reached', thresholdSeconds: 600, reloadId: null, position: call.position,
    }]);
  });
});
