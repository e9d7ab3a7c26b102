import { Module } from '@nestjs/common';
import { AuditController } from './audit.http.controller';
import { LedgerExportController } from './ledger-export.http.controller';
import { PaymentsModule } from '../payments/payments.module';

/** Auditor routes; the pool and the store come from the global AppModule (PG_POOL, EVENT_STORE). */
@Module({ imports: [PaymentsModule], controllers: [AuditController, LedgerExportController] })
export class AuditModule {}
