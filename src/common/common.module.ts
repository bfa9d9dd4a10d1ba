import { Global, Module } from '@nestjs/common';
import { ApprovalDeadline } from './approval-deadline';
import { Clock } from './clock';

@Global()
@Module({ providers: [Clock, ApprovalDeadline], exports: [Clock, ApprovalDeadline] })
export class CommonModule {}
