import { DEFAULT_PLANS } from '../plans/plan';
import { DOMAIN_ERROR_CODES, DOMAIN_ERROR_KINDS } from '../shared/domain-error';
import { ACCOUNT_ID, cmd, min, service, T0 } from '../testing/fixtures';
import { given } from '../testing/given-when-then';
import { decide } from './decide';
import { evolve } from './evolve';
import { initialState } from './state';
import { accountStreamName } from './stream-name';

describe('The account decider — lifecycle and input checks', () => {
  it('opens an account on a plan, in UTC unless a time zone is given', () => {
    given()
      .when(cmd.open('starter'))
      .then({ type: 'AccountOpened', data: { accountId: ACCOUNT_ID, at: T0, planId: 'starter', timeZone: 'UTC', stripeCustomerId: 'cus_1', openedBy: service.id } });
    expect(given().when(cmd.open('free', { timeZone: 'Asia/Tokyo', stripeCustomerId: null })).thenEvents()[0]?.data).toMatchObject({
      timeZone: 'Asia/Tokyo',
      stripeCustomerId: null,
    });
  });

  it('refuses to open an account twice, an unknown time zone, and an unknown plan', () => {
    given(cmd.open()).when(cmd.open()).thenError('ACCOUNT.ALREADY_EXISTS', { accountId: ACCOUNT_ID });
    given().when(cmd.open('free', { timeZone: 'Mars/Olympus' })).thenError('ACCOUNT.INVALID_TIME_ZONE', { field: 'timeZone' });
    // Intl resolves these, PostgreSQL 15 does not know the first one: an alias is refused, not stored.
    for (const timeZone of ['US/Pacific-New', 'US/Pacific', 'Etc/GMT+5', 'europe/paris']) {
      given().when(cmd.open('free', { timeZone })).thenError('ACCOUNT.INVALID_TIME_ZONE', { field: 'timeZone' });
    }
    given().when(cmd.open('platinum' as never)).thenError('PLAN.UNKNOWN', { field: 'planId' });
  });

  it('refuses commands for an account that was never opened, or for another account', () => {
    given().when(cmd.startPurchase('p1', 1)).thenError('ACCOUNT.NOT_FOUND', { accountId: ACCOUNT_ID });
    given(cmd.open()).when(cmd.startPurchase('p1', 1, { accountId: 'acc-2' })).thenError('ACCOUNT.ID_MISMATCH');
  });

  it('refuses an instant without an offset and empty ids, since they would live in events forever', () => {
    given(cmd.open()).when(cmd.callEnded('c1', 60, '2024-03-01 10:00', { at: T0 })).thenError('COMMAND.INVALID_FIELD', { field: 'endedAt' });
    given(cmd.open()).when(cmd.callEnded('c1', 60, T0, { at: 'yesterday' })).thenError('COMMAND.INVALID_FIELD', { field: 'at' });
    given(cmd.open()).when(cmd.callEnded(' ', 60)).thenError('COMMAND.INVALID_FIELD', { field: 'callId' });
  });

  it('evolve never changes the state it is given', () => {
    const before = given(cmd.open('free')).state();
    const snapshot = JSON.stringify(before);
    for (const event of decide(cmd.callEnded('c1', min(40)), before, { plans: DEFAULT_PLANS })) evolve(before, event);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(initialState()).toEqual(JSON.parse(JSON.stringify(initialState())));
  });

  it('names the stream billing-account-<id>', () => {
    expect(accountStreamName('acc-42')).toBe('billing-account-acc-42');
  });

  it('every error code has a kind the API can map to HTTP', () => {
    expect(DOMAIN_ERROR_CODES).toContain('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE');
    for (const code of DOMAIN_ERROR_CODES) expect(['validation', 'forbidden', 'not_found', 'conflict']).toContain(DOMAIN_ERROR_KINDS[code]);
  });
});
