import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { type SettingsEntry, settingsTrail } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import { type SettingsChangeRow, settingsChangesOf } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { EVENT_STORE, PG_POOL } from '../../infrastructure/tokens';
import { assertAccountExists } from '../account-exists';
import { Example, SETTINGS_CHANGE } from '../../http/openapi-examples';

/** The settings trail: who turned auto-reload on or off or changed it, and when (the account's own admins and editors too). */
@ApiTags('auto-reload')
@ApiBearerAuth()
@Controller('accounts/:accountId/settings-history')
export class SettingsHistoryController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Example(200, ['SettingsChange'], [SETTINGS_CHANGE])
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'Who turned auto-reload on or off or changed its threshold or maximum, and when, newest first' })
  async list(@Param('accountId') accountId: string) {
    await assertAccountExists(this.store, accountId);
    return settingsTrail((await settingsChangesOf(this.pool, accountId)).map(entryOf));
  }
}

function entryOf(row: SettingsChangeRow): SettingsEntry {
  if (row.kind === 'disabled') return { kind: 'disabled', at: row.at, reason: row.reason as Extract<SettingsEntry, { kind: 'disabled' }>['reason'] };
  return {
    kind: 'configured', at: row.at, by: row.configuredBy ?? 'unknown', enabled: row.enabled,
    thresholdMinutes: row.thresholdMinutes ?? 0, monthlyMaximum: row.monthlyMaximum ?? 0,
  };
}
