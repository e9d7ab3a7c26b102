import { cmd, min } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { callBucket, consumedCall, consumedCallIds } from '../state';

const account = [cmd.open('free'), cmd.startPurchase('p1', 1), cmd.completePurchase('p1', 2_800)];

describe('Rule 14 — a call id is consumed once', () => {
  it('a repeated RecordCallEnded with the same call id changes nothing', () => {
    const history = [...account, cmd.callEnded('c1', min(40), '2024-03-05T10:00:00Z')];
    given(...history).when(cmd.callEnded('c1', min(40), '2024-03-05T10:00:00Z')).thenNothing();
    // Even a retry carrying other values: the first record stands.
    given(...history).when(cmd.callEnded('c1', min(90), '2024-03-06T10:00:00Z')).thenNothing();
  });

  it('the first result stays available, so a retry can be answered with it', () => {
    const state = given(...account, cmd.callEnded('c1', min(40), '2024-03-05T10:00:00Z')).state();
    expect(consumedCall(state, 'c1')).toEqual({
      durationSeconds: 2_400,
      month: '2024-03',
      subscriptionSeconds: 1_800,
      creditSeconds: 600,
      creditBalanceAfterSeconds: 5_400,
      autoReload: 'above_threshold',
      reloadId: null,
    });
    expect(consumedCall(state, 'c2')).toBeUndefined();
  });

  it('call ids are plain strings: "constructor" and "__proto__" are consumed once like any other', () => {
    for (const callId of ['constructor', '__proto__', 'hasOwnProperty']) {
      const state = given(...account, cmd.callEnded(callId, 60)).state();
      expect(consumedCall(state, callId)).toMatchObject({ durationSeconds: 60 });
      given(...account, cmd.callEnded(callId, 60)).when(cmd.callEnded(callId, 60)).thenNothing();
      expect(consumedCall(JSON.parse(JSON.stringify(state)) as typeof state, callId)).toMatchObject({ durationSeconds: 60 });
    }
  });
});

describe('Rule 14 — how consumed call ids are kept', () => {
  it('the bucket of a call id never changes (snapshots depend on it)', () => {
    expect([callBucket('call-1'), callBucket(''), callBucket('é☎')]).toEqual(['47', 'c5', '7e']);
  });

  it('many calls spread over the buckets and every id stays findable', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `call-${i}`);
    const state = given(...account, ...ids.map((id) => cmd.callEnded(id, 1))).state();
    expect(consumedCallIds(state).sort()).toEqual([...ids].sort());
    expect(ids.every((id) => consumedCall(state, id)?.durationSeconds === 1)).toBe(true);
    expect(Object.keys(state.calls).length).toBeGreaterThan(240);
  });
});
