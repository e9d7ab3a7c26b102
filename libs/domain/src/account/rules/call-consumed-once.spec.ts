import { cmd, min } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { callKey, callResultOf } from './call-consumed-once';
import { idempotencyKeyOf } from '../recorded';

const account = [cmd.open('free'), cmd.startPurchase('p1', 1), cmd.completePurchase('p1', 2_800)];

describe('Rule 14 — a call id is consumed once', () => {
  it('a repeated RecordCallEnded with the same call id changes nothing', () => {
    const history = [...account, cmd.callEnded('c1', min(40), '2024-03-05T10:00:00Z')];
    given(...history).when(cmd.callEnded('c1', min(40), '2024-03-05T10:00:00Z')).thenNothing();
    // Even a retry carrying other values: the first record stands.
    given(...history).when(cmd.callEnded('c1', min(90), '2024-03-06T10:00:00Z')).thenNothing();
  });

  it('the first result stays available, so a retry can be answered with it', () => {
    const history = [...account, cmd.callEnded('c1', min(40), '2024-03-05T10:00:00Z')];
    const first = given(...history).when(cmd.callEnded('c1', min(90), '2024-03-06T10:00:00Z')).thenAlreadyRecorded();
    if (first.type !== 'CallMinutesConsumed') throw new Error(`held by ${first.type}`);
    expect(callResultOf(first.data)).toEqual({
      durationSeconds: 2_400,
      endedAt: '2024-03-05T10:00:00Z',
      month: '2024-03',
      subscriptionSeconds: 1_800,
      creditSeconds: 600,
      creditBalanceAfterSeconds: 5_400,
      autoReload: 'above_threshold',
      reloadId: null,
    });
    given(...history).when(cmd.callEnded('c2', min(1), '2024-03-05T11:00:00Z')).thenEvents();
  });

  it('call ids are plain strings: "constructor" and "__proto__" are consumed once like any other', () => {
    for (const callId of ['constructor', '__proto__', 'hasOwnProperty']) {
      const [consumed] = given(...account).when(cmd.callEnded(callId, 60)).thenEvents();
      expect(consumed?.data).toMatchObject({ callId, durationSeconds: 60 });
      given(...account, cmd.callEnded(callId, 60)).when(cmd.callEnded(callId, 60)).thenNothing();
    }
  });
});

describe('Rule 14 — how consumed call ids are kept: by the store, not the state', () => {
  it('the consumption carries the key callKey(account, call id), which never changes (stored events carry it)', () => {
    const [consumed] = given(...account).when(cmd.callEnded('call-1', 60)).thenEvents();
    expect(consumed && idempotencyKeyOf(consumed)).toBe('call:acc-1:call-1');
    expect(callKey('acc-1', 'é☎')).toBe('call:acc-1:é☎');
    // The account id cannot run into the call id: these two are different facts.
    expect(callKey('a:b', 'c')).not.toBe(callKey('a', 'b:c'));
  });

  it('the folded state remembers no call id: 2,000 calls leave it the size of 20', () => {
    const calls = (n: number) => Array.from({ length: n }, (_, i) => cmd.callEnded(`call-${i}`, 1));
    const size = (n: number) => JSON.stringify(given(...account, ...calls(n)).state()).length;
    expect(size(2_000)).toBeLessThanOrEqual(size(20) + 16); // a few more digits in the balances, nothing per call
    expect(JSON.stringify(given(...account, ...calls(20)).state())).not.toContain('call-1');
  });
});
