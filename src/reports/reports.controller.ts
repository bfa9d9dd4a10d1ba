import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireGroups } from '../auth/auth.guard';
import { Clock } from '../common/clock';
import { yearParam } from '../common/validation';
import { BudgetExecutionReport } from './budget-execution.report';
import { sendExport } from '../exports/export-writer';

@Controller('reports')
@RequireGroups('finance', 'deputy-chief', 'chief')
export class ReportsController {
  constructor(private readonly report: BudgetExecutionReport, private readonly clock: Clock) {}

  /** Budget execution by unit × subject × month for a year (this year by default). */
  @Get('budget-execution')
  json(@Query('year') year?: string, @Query('unit') unit?: string) {
    return this.report.build(this.year(year), unit);
  }

  /** The same as an Excel workbook. */
  @Get('budget-execution.xlsx')
  async xlsx(@Res() response: Response, @Query('year') year?: string, @Query('unit') unit?: string): Promise<void> {
    const report = await this.report.build(this.year(year), unit);
    const file = await this.report.workbook(report);
    sendExport(response, file, `budget-execution-${report.year}.xlsx`, `预算执行-${report.year}.xlsx`);
  }

  private year(value?: string): number {
    if (value === undefined) return Number(this.clock.today().slice(0, 4));
    return yearParam(value);
  }
}
