import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Clock } from './clock';
import { RequestShapeInterceptor } from './request-shape.interceptor';

@Global()
@Module({
  providers: [Clock, { provide: APP_INTERCEPTOR, useClass: RequestShapeInterceptor }],
  exports: [Clock],
})
export class CommonModule {}
