import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApprovalDeadline } from './approval-deadline';
import { Clock } from './clock';
import { RequestShapeInterceptor } from './request-shape.interceptor';

@Global()
@Module({
  providers: [Clock, ApprovalDeadline, { provide: APP_INTERCEPTOR, useClass: RequestShapeInterceptor }],
  exports: [Clock, ApprovalDeadline],
})
export class CommonModule {}
