import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { TasksModule } from '../tasks/tasks.module';
import { InvoiceCheckService } from './invoice-check.service';
import { InvoiceCheckWorker } from './invoice-check.worker';

@Module({
  imports: [ClaimsModule, TasksModule],
  providers: [InvoiceCheckService, InvoiceCheckWorker],
})
export class InvoicesModule {}
