import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { FormsModule } from '../forms/forms.module';
import { TravelModule } from '../travel/travel.module';
import { BudgetAdjustmentsService } from './budget-adjustments.service';
import { BudgetCheckService } from './budget-check.service';
import { BudgetDemoSeeder } from './budget-demo.seeder';
import { BudgetSheetService } from './budget-sheet.service';
import { BudgetSubjects } from './budget-subjects';
import { BudgetLedger } from './budget-ledger';
import { BudgetController } from './budget.controller';
import { BudgetService } from './budget.service';
import {
  BudgetAdjustmentRejectedWorker,
  BudgetAdjustWorker,
  BudgetCommitWorker,
  BudgetReleaseWorker,
  BudgetReserveWorker,
  TravelRequestBudgetReleaseWorker,
  TravelRequestBudgetWorker,
} from './budget.workers';

@Module({
  imports: [ClaimsModule, TravelModule, FormsModule],
  controllers: [BudgetController],
  providers: [BudgetSheetService, BudgetSubjects, BudgetDemoSeeder, BudgetLedger, BudgetService, BudgetCheckService, BudgetReserveWorker, BudgetCommitWorker, BudgetReleaseWorker, BudgetAdjustmentsService, BudgetAdjustWorker, BudgetAdjustmentRejectedWorker, TravelRequestBudgetWorker, TravelRequestBudgetReleaseWorker],
  exports: [BudgetService, BudgetLedger, BudgetDemoSeeder, BudgetAdjustmentsService],
})
export class BudgetModule {}
