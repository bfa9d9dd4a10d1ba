import { Module } from '@nestjs/common';
import { ApprovalDeadlineWorker } from './approval-deadline.worker';
import { ApprovalOperationsService } from './approval-operations.service';
import { OpenTaskProjection } from './open-tasks.projection';
import { OpenTasksWorker } from './open-tasks.worker';
import { RelatedRecordsService } from './related-records.service';
import { TaskNotifier } from './task-notifier';
import { SubjectOperationsController, TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The task list and every approval operation, over the subject registry: it imports no feature. */
@Module({
  controllers: [TasksController, SubjectOperationsController],
  providers: [TasksService, ApprovalOperationsService, RelatedRecordsService, ApprovalDeadlineWorker, TaskNotifier, OpenTaskProjection, OpenTasksWorker],
  exports: [ApprovalOperationsService, TasksService, RelatedRecordsService, OpenTaskProjection],
})
export class TasksModule {}
