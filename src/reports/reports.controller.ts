import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireGroups } from '../auth/auth.guard';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { BudgetExecutionReport } from './budget-execution.report';

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
    response
      .status(200)
      .set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="budget-execution-${report.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`预算执行-${report.year}.xlsx`)}`,
        'Content-Length': String(file.length),
      })
      .send(file);
  }

  private year(value?: string): number {
    if (value === undefined) return Number(this.clock.today().slice(0, 4));
    if (!/^\d{4}$/.test(value)) throw new RequestValidationError([{ field: 'year', message: bilingual('年度应为四位数字', 'must be a four-digit year') }]);
    return Number(value);
  }
}
