import { Module } from '@nestjs/common';
import { BudgetExecutionReport } from './budget-execution.report';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ReportsController],
  providers: [BudgetExecutionReport],
})
export class ReportsModule {}
