import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { DashboardsService } from './dashboards.service';
import { DashboardQuery, DrillDto, DrillExportDto } from './dto/dashboard-query.dto';
import { ExportWorkbook, sendExport, toCsv } from '../exports/export-writer';

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
  'auto-approval': { title: '自动审批', columns: [{ header: '单位', key: 'unit', width: 22 }, { header: '报销单', key: 'claims' }, { header: '自动审批', key: 'auto' }, { header: '占比 %', key: 'autoShare' }] },
  'cycle-times': { title: '审批时长', columns: [{ header: '环节', key: 'step' }, { header: '步数', key: 'steps' }, { header: '中位数（小时）', key: 'medianHours' }, { header: 'P90（小时）', key: 'p90Hours' }] },
};

/** Columns of the drilled-down claims' export. */
const CLAIM_COLUMNS = [
  { header: '报销单', key: 'id', width: 38 }, { header: '类型', key: 'type', width: 10 }, { header: '状态', key: 'status', width: 12 },
  { header: '金额（元）', key: 'total', width: 14 }, { header: '提交日期', key: 'submittedOn', width: 12 }, { header: '事由', key: 'purpose', width: 40 },
  { header: '科目', key: 'subject', width: 10 }, { header: '单位', key: 'unit', width: 22 }, { header: '报销人', key: 'claimant', width: 12 },
];
const CLAIMS_EXPORT_LIMIT = 10_000;

/** Leaders' and finance's dashboards (unit heads: their unit), each view also as an Excel workbook. */
@Controller('dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService, private readonly clock: Clock) {}

  @Get('claims')
  claims(@CurrentActor() actor: Actor, @Query() query: DrillDto) {
    return this.dashboards.claims({ ...query, year: this.year(query), unit: this.dashboards.scope(actor, query.unit) ?? undefined });
  }

  /** The drilled-down claims (up to 10,000) as an Excel workbook, or CSV with `format=csv`. */
  @Get('claims/export')
  async claimsExport(@CurrentActor() actor: Actor, @Query() query: DrillExportDto, @Res() response: Response): Promise<void> {
    const year = this.year(query);
    const { format, page: _page, size: _size, ...filters } = query;
    const { items } = await this.dashboards.claims({ ...filters, year, unit: this.dashboards.scope(actor, query.unit) ?? undefined, page: 1, size: CLAIMS_EXPORT_LIMIT });
    const header = CLAIM_COLUMNS.map((c) => c.header);
    const rows = items.map((c) => [c.id, c.type, c.status, Number(c.total), c.submittedOn, c.purpose, c.subject, c.unit, c.claimant]);
    if (format === 'csv') return sendExport(response, toCsv([header, ...rows]), `claims-${year}.csv`, `报销单-${year}.csv`);
    const book = new ExportWorkbook();
    const sheet = book.addSheet('报销单');
    sheet.setColumns(CLAIM_COLUMNS);
    for (const row of rows) sheet.addRow(row);
    sendExport(response, await book.toBuffer(), `claims-${year}.xlsx`, `报销单-${year}.xlsx`);
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
    sendExport(response, file, `${view}-${built.year}.xlsx`, `${sheet.title}-${built.year}.xlsx`);
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
      case 'auto-approval': return this.dashboards.autoApproval(year, unit);
      default:
        throw new RequestValidationError([{ field: 'view', message: bilingual('看板应为 execution、monthly、sangong、findings、cycle-times 或 auto-approval', 'view must be execution, monthly, sangong, findings, cycle-times or auto-approval') }]);
    }
  }

  private year(query: DashboardQuery): number {
    return query.year ?? Number(this.clock.today().slice(0, 4));
  }
}
