import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ApprovalDeadline } from './approval-deadline';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ClaimsModule],
  controllers: [TasksController],
  providers: [TasksService, ApprovalDeadline],
  exports: [ApprovalDeadline],
})
export class TasksModule {}
