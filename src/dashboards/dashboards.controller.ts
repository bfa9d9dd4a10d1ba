import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { DashboardsService } from './dashboards.service';
import { DashboardQuery, DrillDto } from './dto/dashboard-query.dto';

/** Headers of each view's Excel sheet, in the order of its columns. */
const SHEETS: Record<string, { title: string; columns: { header: string; key: string; width?: number }[] }> = {
  execution: {
    title: '预算执行',
    columns: [
      { header: '单位', key: 'unit', width: 22 }, { header: '科目', key: 'subject' }, { header: '预算数（元）', key: 'allocated' }, { header: '已占用（元）', key: 'reserved' },
      { header: '已执行（元）', key: 'committed' }, { header: '可用（元）', key: 'available' }, { header: '执行率 %', key: 'executionRate' }, { header: '使用率 %', key: 'usageRate' },
    ],
  },
  monthly: { title: '月度支出', columns: [{ header: '月份', key: 'month' }, { header: '已执行（元）', key: 'committed' }] },
  sangong: { title: '三公经费', columns: [{ header: '科目', key: 'subject' }, { header: '本年已执行（元）', key: 'committed' }, { header: '本年已占用（元）', key: 'reserved' }, { header: '上年决算（元）', key: 'lastYear' }, { header: '同比 %', key: 'change' }] },
  findings: { title: '审核问题', columns: [{ header: '规则', key: 'rule' }, { header: '级别', key: 'severity' }, { header: '单位', key: 'unit', width: 22 }, { header: '问题数', key: 'findings' }] },
  'cycle-times': { title: '审批时长', columns: [{ header: '环节', key: 'step' }, { header: '步数', key: 'steps' }, { header: '中位数（小时）', key: 'medianHours' }, { header: 'P90（小时）', key: 'p90Hours' }] },
};

/** Leaders' and finance's dashboards (unit heads: their unit), each view also as an Excel workbook. */
@Controller('dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService, private readonly clock: Clock) {}

  @Get('claims')
  claims(@CurrentActor() actor: Actor, @Query() query: DrillDto) {
    return this.dashboards.claims({ ...query, year: this.year(query), unit: this.dashboards.scope(actor, query.unit) ?? undefined });
  }

  @Get(':view')
  view(@CurrentActor() actor: Actor, @Param('view') view: string, @Query() query: DashboardQuery) {
    return this.build(actor, view, query);
  }

  @Get(':view/export')
  async export(@CurrentActor() actor: Actor, @Param('view') view: string, @Query() query: DashboardQuery, @Res() response: Response): Promise<void> {
    const built = (await this.build(actor, view, query)) as { year: number; rows?: Record<string, unknown>[]; bySteps?: Record<string, unknown>[] };
    const sheet = SHEETS[view];
    const file = await this.dashboards.workbook(sheet.title, sheet.columns, built.rows ?? built.bySteps ?? []);
    response
      .status(200)
      .set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${view}-${built.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${sheet.title}-${built.year}.xlsx`)}`,
        'Content-Length': String(file.length),
      })
      .send(file);
  }

  private build(actor: Actor, view: string, query: DashboardQuery) {
    const year = this.year(query);
    const unit = this.dashboards.scope(actor, query.unit);
    switch (view) {
      case 'execution': return this.dashboards.execution(year, unit);
      case 'monthly': return this.dashboards.monthly(year, unit);
      case 'sangong': return this.dashboards.sangong(year, unit);
      case 'findings': return this.dashboards.findings(year, unit);
      case 'cycle-times': return this.dashboards.cycleTimes(year, unit);
      default:
        throw new RequestValidationError([{ field: 'view', message: bilingual('看板应为 execution、monthly、sangong、findings 或 cycle-times', 'view must be execution, monthly, sangong, findings or cycle-times') }]);
    }
  }

  private year(query: DashboardQuery): number {
    return query.year ?? Number(this.clock.today().slice(0, 4));
  }
}
