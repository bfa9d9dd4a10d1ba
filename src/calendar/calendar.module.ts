import { Global, Module } from '@nestjs/common';
import { ApprovalDeadline } from './approval-deadline';

@Global()
@Module({
  providers: [ApprovalDeadline],
  exports: [ApprovalDeadline],
})
export class CalendarModule {}
