import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { BudgetAdjustmentsService } from './budget-adjustments.service';
import { BudgetCheckService } from './budget-check.service';
import { BudgetDemoSeeder } from './budget-demo.seeder';
import { BudgetLedger } from './budget-ledger';
import { BudgetController } from './budget.controller';
import { BudgetService } from './budget.service';
import { BudgetAdjustmentRejectedWorker, BudgetAdjustWorker, BudgetCommitWorker, BudgetReleaseWorker, BudgetReserveWorker } from './budget.workers';

@Module({
  imports: [ClaimsModule],
  controllers: [BudgetController],
  providers: [BudgetDemoSeeder, BudgetLedger, BudgetService, BudgetCheckService, BudgetReserveWorker, BudgetCommitWorker, BudgetReleaseWorker, BudgetAdjustmentsService, BudgetAdjustWorker, BudgetAdjustmentRejectedWorker],
  exports: [BudgetService, BudgetLedger, BudgetDemoSeeder, BudgetAdjustmentsService],
})
export class BudgetModule {}
