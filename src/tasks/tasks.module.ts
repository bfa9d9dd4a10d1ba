import { Module } from '@nestjs/common';
import { BudgetModule } from '../budget/budget.module';
import { ClaimsModule } from '../claims/claims.module';
import { TravelModule } from '../travel/travel.module';
import { ApprovalDeadlineWorker } from './approval-deadline.worker';
import { ApprovalOperationsService } from './approval-operations.service';
import { RelatedRecordsService } from './related-records.service';
import { TaskNotifier } from './task-notifier';
import { ClaimOperationsController, TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ClaimsModule, TravelModule, BudgetModule],
  controllers: [TasksController, ClaimOperationsController],
  providers: [TasksService, ApprovalOperationsService, RelatedRecordsService, ApprovalDeadlineWorker, TaskNotifier],
  exports: [ApprovalOperationsService],
})
export class TasksModule {}
