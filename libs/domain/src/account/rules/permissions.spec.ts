import { DEFAULT_PLANS } from '../../plans/plan';
import type { Actor } from '../../shared/actor';
import { admin, cmd, editor, service } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { billingSummary } from '../../views/billing-summary';

const support: Actor = { id: 'support-1', role: 'support' };
const auditor: Actor = { id: 'auditor-1', role: 'auditor' };
const account = [cmd.open('starter'), cmd.setCard()];

describe('Rule 12 — only Administrators buy or configure', () => {
  it.each([editor, support, auditor, service])('"Only Administrators buy": %p may not start a purchase', (actor) => {
    const error = given(...account).when(cmd.startPurchase('p1', 1, { actor })).thenError('PERMISSION.ADMINISTRATOR_ONLY', { role: actor.role, command: 'StartCreditPurchase' });
    expect(error.kind).toBe('forbidden');
  });

  it.each([editor, support, auditor])('"Only Administrators … configure": %p may not configure auto-reload', (actor) => {
    given(...account).when(cmd.configure(true, 10, 10, { actor })).thenError('PERMISSION.ADMINISTRATOR_ONLY');
  });

  it('"Only Administrators buy or configure": the Administrator may do both', () => {
    expect(given(...account).when(cmd.startPurchase('p1', 1, { actor: admin })).thenEvents()).toHaveLength(1);
    expect(given(...account).when(cmd.configure(true, 10, 10, { actor: admin })).thenEvents()).toHaveLength(1);
  });

  it('"Editors see the balance": the billing page shows an Editor the balance and offers no buying or configuring', () => {
    const state = given(...account, cmd.startPurchase('p1', 1), cmd.completePurchase('p1', 2_200)).state();
    const summary = billingSummary(state, DEFAULT_PLANS, '2024-03-01T12:00:00Z', 'editor');
    expect(summary.credits).toEqual({ balanceSeconds: 6_000, balanceMinutes: 100 });
    expect(summary.permissions).toEqual({ canBuyCredits: false, canConfigureAutoReload: false });
    expect(billingSummary(state, DEFAULT_PLANS, '2024-03-01T12:00:00Z', 'admin').permissions).toEqual({ canBuyCredits: true, canConfigureAutoReload: true });
  });

  it('payment confirmations and call ends come from the billing service, not from a person', () => {
    given(...account).when(cmd.callEnded('c1', 60, undefined, { actor: admin })).thenError('PERMISSION.SERVICE_ONLY', { role: 'admin', command: 'RecordCallEnded' });
    given(...account, cmd.startPurchase('p1', 1)).when(cmd.completePurchase('p1', 2_200, { actor: admin })).thenError('PERMISSION.SERVICE_ONLY');
  });
});

describe('who opens accounts and changes plans and cards (issue 20)', () => {
  it.each([service, support])('%p opens accounts, changes plans and sets or removes the card', (actor) => {
    given().when(cmd.open('starter', { actor })).thenEvents();
    given(...account).when(cmd.changePlan('pro', { actor })).thenEvents();
    given(...account).when({ ...cmd.setCard('pm_2'), actor }).thenEvents();
    given(...account).when({ ...cmd.removeCard(), actor }).thenEvents();
  });

  it.each([admin, editor, auditor])("%p may not open an account (an account's Administrator has no account yet) nor change its plan or card", (actor) => {
    given().when(cmd.open('starter', { actor })).thenError('PERMISSION.NOT_PERMITTED', { role: actor.role, command: 'OpenAccount' });
    given(...account).when(cmd.changePlan('pro', { actor })).thenError('PERMISSION.NOT_PERMITTED');
    given(...account).when({ ...cmd.setCard('pm_2'), actor }).thenError('PERMISSION.NOT_PERMITTED');
    given(...account).when({ ...cmd.removeCard(), actor }).thenError('PERMISSION.NOT_PERMITTED');
  });
});
