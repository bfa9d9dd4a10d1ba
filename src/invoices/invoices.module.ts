import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { InvoiceCheckService } from './invoice-check.service';
import { InvoiceCheckWorker } from './invoice-check.worker';
import { InvoiceRegistry } from './invoice-registry';

@Module({
  imports: [ClaimsModule],
  providers: [InvoiceRegistry, InvoiceCheckService, InvoiceCheckWorker],
  exports: [InvoiceRegistry],
})
export class InvoicesModule {}
