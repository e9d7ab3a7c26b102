import type { AnyProjection } from './projection';
import { accountsProjection } from './accounts/accounts';
import { ledgerProjection } from './ledger/ledger';
import { purchasesProjection } from './purchases/purchases';
import { reloadsProjection } from './reloads/reloads';
import { callsProjection } from './calls/calls';
import { monthlyUsageProjection } from './monthly-usage/monthly-usage';
import { settingsChangesProjection } from './settings/settings';

/** Every read model, each with its own checkpoint and owner. */
export const ALL_PROJECTIONS = [
  accountsProjection, ledgerProjection, purchasesProjection, reloadsProjection, callsProjection, monthlyUsageProjection, settingsChangesProjection,
] as const satisfies readonly AnyProjection[];
