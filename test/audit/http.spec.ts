import type { Role } from '@billing/domain';
import { startTestApi, type TestApi } from '../support/api';
import { waitForCheckpoints } from '../projections/support/read-models';
import { appendKnownHistory } from './support/known-history';

jest.setTimeout(60_000);

let api: TestApi;
const token = (role: Role) => api.token(role, role === 'admin' || role === 'editor' ? 'acc-1' : undefined);
const get = async (path: string, role: Role) => api.http().get(path).set('Authorization', `Bearer ${await token(role)}`);

beforeAll(async () => {
  api = await startTestApi({ PAYMENT_PROCESS_ENABLED: 'false' });
  await appendKnownHistory(api.runtime.eventStore, 'acc-1');
  await waitForCheckpoints(api.runtime.pool, () => api.runtime.eventStore.headPosition());
});

afterAll(async () => {
  await api?.close();
});

describe('auditor routes', () => {
  it('GET /v1/audit/accounts/:id/replay: the history with running balance and reload counter; until; 404; 400', async () => {
    const all = await get('/v1/audit/accounts/acc-1/replay', 'auditor');
    expect(all.status).toBe(200);
    expect(all.body.events.map((e: { type: string; balanceSeconds: number; reloadsThisMonth: number }) => [e.type, e.balanceSeconds, e.reloadsThisMonth]).slice(4, 8)).toEqual([
      ['CreditsPurchased', 6_000, 0], ['CallMinutesConsumed', 500, 0], ['AutoReloadTriggered', 500, 0], ['CreditsPurchased', 6_500, 1],
    ]);
    const first = all.body.events[0].recordedAt as string;
    const until = await get(`/v1/audit/accounts/acc-1/replay?until=${encodeURIComponent(first)}`, 'auditor');
    expect(until.body.events.every((e: { recordedAt: string }) => e.recordedAt === first)).toBe(true);
    expect((await get('/v1/audit/accounts/nobody/replay', 'auditor')).status).toBe(404);
    const bad = await get('/v1/audit/accounts/acc-1/replay?until=soon', 'auditor');
    expect([bad.status, bad.body.code, bad.body.errors?.[0]?.field]).toEqual([400, 'VALIDATION.FAILED', 'until']);
  });

  it('GET /v1/audit/verify: ok on a clean database, names a drift injected into a read model', async () => {
    const clean = await get('/v1/audit/verify', 'auditor');
    expect(clean.body).toMatchObject({ ok: true, events: 10, accounts: 1, drifts: [], behind: [] });
    await api.runtime.pool.query(`UPDATE proj_accounts SET balance_seconds = 1 WHERE account_id = 'acc-1'`);
    const drifted = await get('/v1/audit/verify', 'auditor');
    expect(drifted.body).toMatchObject({ ok: false, drifts: [{ projection: 'accounts', key: 'acc-1', field: 'balanceSeconds', readModel: 1, replayed: 18_500 }] });
    await api.runtime.pool.query(`UPDATE proj_accounts SET balance_seconds = 18500 WHERE account_id = 'acc-1'`);
  });

  it('GET /v1/accounts/:id/ledger/export.csv: CSV for auditors, support and the account\'s own Administrator and Editor, as an attachment', async () => {
    for (const role of ['auditor', 'support', 'admin', 'editor'] as const) {
      const csv = await get('/v1/accounts/acc-1/ledger/export.csv?from=2024-03-01&to=2024-03-31', role);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="ledger-acc-1-2024-03-01.csv"');
      expect(csv.text.split('\r\n')).toHaveLength(5); // header, three movements in March, the final line end
    }
    const bad = await get('/v1/accounts/acc-1/ledger/export.csv?from=2024-03-01', 'auditor');
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'to']);
    expect((await get('/v1/accounts/nobody/ledger/export.csv?from=2024-03-01&to=2024-03-31', 'auditor')).status).toBe(404);
  });

  it('is closed to other roles', async () => {
    expect((await get('/v1/audit/verify', 'support')).status).toBe(403);
    expect((await get('/v1/audit/accounts/acc-1/replay', 'admin')).status).toBe(403);
    // Another account's Administrator does not learn that acc-1 exists.
    const stranger = await api.token('admin', 'acc-2');
    expect((await api.http().get('/v1/accounts/acc-1/ledger/export.csv?from=2024-03-01&to=2024-03-31').set('Authorization', `Bearer ${stranger}`)).status).toBe(404);
    expect((await get('/v1/audit/reconcile?from=2024-03-01&to=2024-03-31', 'support')).status).toBe(403);
  });
});
