import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { InvoiceCheckService } from './invoice-check.service';
import { InvoiceCheckWorker } from './invoice-check.worker';
import { InvoiceRegistry } from './invoice-registry';
import { InvoiceIntakeController } from './invoice-intake.controller';
import { InvoiceIntakeService } from './invoice-intake.service';

@Module({
  imports: [ClaimsModule],
  controllers: [InvoiceIntakeController],
  providers: [InvoiceRegistry, InvoiceCheckService, InvoiceCheckWorker, InvoiceIntakeService],
  exports: [InvoiceRegistry],
})
export class InvoicesModule {}
