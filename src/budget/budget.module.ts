import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { BudgetCheckService } from './budget-check.service';
import { BudgetDemoSeeder } from './budget-demo.seeder';
import { BudgetLedger } from './budget-ledger';
import { BudgetController } from './budget.controller';
import { BudgetService } from './budget.service';
import { BudgetCommitWorker, BudgetReleaseWorker, BudgetReserveWorker } from './budget.workers';

@Module({
  imports: [ClaimsModule],
  controllers: [BudgetController],
  providers: [BudgetDemoSeeder, BudgetLedger, BudgetService, BudgetCheckService, BudgetReserveWorker, BudgetCommitWorker, BudgetReleaseWorker],
  exports: [BudgetService, BudgetLedger, BudgetDemoSeeder],
})
export class BudgetModule {}
