import { cmd, min } from '../testing/fixtures';
import { runCommands } from '../testing/run';
import { DEFAULT_PLANS } from '../plans/plan';
import { evolveAll } from './evolve';
import type { CallMinutesConsumedV1Data } from './upcast';
import { upcast } from './upcast';
import { callResultOf, idempotencyKeyOf } from './recorded';

const v1: CallMinutesConsumedV1Data = {
  accountId: 'acc-1',
  at: '2023-11-02T10:00:01Z',
  callId: 'call-7',
  endedAt: '2023-11-02T10:00:00Z',
  month: '2023-11',
  durationSeconds: 600,
  subscriptionSeconds: 0,
  creditSeconds: 600,
  creditBalanceAfterSeconds: 300,
  reloadId: 'reload-call-7',
};

describe('Upcasting — a v1 event is read as the current version', () => {
  it('CallMinutesConsumed v1 with a reload id reads as v2 with decision "triggered"', () => {
    const { reloadId: _dropped, ...rest } = v1;
    expect(upcast({ type: 'CallMinutesConsumed', schemaVersion: 1, data: v1 })).toEqual({
      type: 'CallMinutesConsumed',
      data: { ...rest, autoReload: { decision: 'triggered', thresholdSeconds: null, reloadId: 'reload-call-7' } },
    });
  });

  it('CallMinutesConsumed v1 without a reload id reads as v2 with decision "not_recorded" (v1 did not say why)', () => {
    const event = upcast({ type: 'CallMinutesConsumed', schemaVersion: 1, data: { ...v1, reloadId: null } });
    expect(event.type === 'CallMinutesConsumed' && event.data.autoReload).toEqual({ decision: 'not_recorded', thresholdSeconds: null, reloadId: null });
  });

  it('an upcast v1 call is folded like a v2 one: same balance, and its key and first result read as a v2 call\'s', () => {
    const opened = runCommands([cmd.open('pro')], DEFAULT_PLANS).events;
    const call = upcast({ type: 'CallMinutesConsumed', schemaVersion: 1, data: { ...v1, reloadId: null } });
    const state = evolveAll([...opened, call]);
    expect(state.credits.balanceSeconds).toBe(300);
    expect(idempotencyKeyOf(call)).toBe(`call:${v1.accountId}:call-7`);
    if (call.type !== 'CallMinutesConsumed') throw new Error('not a call');
    expect(callResultOf(call.data)).toMatchObject({ creditSeconds: 600, autoReload: 'not_recorded' });
  });

  it('current versions pass through unchanged; a missing version means 1', () => {
    const [opened] = runCommands([cmd.open('pro')], DEFAULT_PLANS).events;
    if (!opened) throw new Error('no event');
    expect(upcast({ type: opened.type, schemaVersion: 1, data: opened.data })).toEqual(opened);
    expect(upcast({ type: opened.type, data: opened.data })).toEqual(opened);
    const [, v2] = runCommands([cmd.open('free'), cmd.callEnded('c1', min(1))], DEFAULT_PLANS).events;
    if (!v2) throw new Error('no event');
    expect(upcast({ type: v2.type, schemaVersion: 2, data: v2.data })).toEqual(v2);
  });

  it('an unknown type or a version from the future is refused rather than misread', () => {
    expect(() => upcast({ type: 'CreditsGifted', schemaVersion: 1, data: {} })).toThrow('Unknown billing event type: CreditsGifted');
    expect(() => upcast({ type: 'CallMinutesConsumed', schemaVersion: 3, data: {} })).toThrow('CallMinutesConsumed v3 cannot be read: this code knows versions 1 to 2.');
  });
});
