import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { bilingual, yearParam } from '../common/validation';
import { periodInput } from '../depreciation/depreciation.service';
import { sendExport } from '../exports/export-writer';
import type { Actor } from '../org/org.service';
import { AssetReportExports } from './asset-reports.exports';
import { AssetReportsService } from './asset-reports.service';
import { REGISTER_GROUPINGS, RegisterGrouping } from './asset-reports.views';

function groupingParam(value: unknown): RegisterGrouping {
  if (value === undefined || value === '') return 'unit';
  if (!(REGISTER_GROUPINGS as readonly unknown[]).includes(value)) throw new RequestValidationError([{ field: 'by', message: bilingual('汇总方式应为 unit、class、keeper 或 status', `by must be one of ${REGISTER_GROUPINGS.join(', ')}`) }]);
  return value as RegisterGrouping;
}

function rangeParams(query: Record<string, unknown>): { from: string; to: string } {
  const from = periodInput(query.from, 'from');
  const to = query.to === undefined || query.to === '' ? from : periodInput(query.to, 'to');
  if (to < from) throw new RequestValidationError([{ field: 'to', message: bilingual('截止月份不能早于起始月份', 'to must not be before from') }]);
  return { from, to };
}

/** 资产报表: who sees what is decided per report by AssetReportsService (scope by role and unit). */
@Controller('asset-reports')
export class AssetReportsController {
  constructor(private readonly reports: AssetReportsService, private readonly exports: AssetReportExports) {}

  /** 资产台账 summed by unit, class, keeper or status: cards, original value, depreciation to date, net value. */
  @Get('register')
  register(@CurrentActor() actor: Actor, @Query('by') by?: string) {
    return this.reports.register(actor, groupingParam(by));
  }

  @Get('register/export')
  async registerExport(@CurrentActor() actor: Actor, @Res() response: Response, @Query('by') by?: string): Promise<void> {
    const report = await this.reports.register(actor, groupingParam(by));
    sendExport(response, await this.exports.register(report), `asset-register-${report.by}.xlsx`, `资产台账-${report.by}.xlsx`);
  }

  /** Additions (accepted) and disposals of the months `from`–`to`. */
  @Get('movements')
  movements(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const { from, to } = rangeParams(query);
    return this.reports.movements(actor, from, to);
  }

  @Get('movements/export')
  async movementsExport(@CurrentActor() actor: Actor, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const { from, to } = rangeParams(query);
    sendExport(response, await this.exports.movements(await this.reports.movements(actor, from, to)), `asset-movements-${from}-${to}.xlsx`, `资产增减-${from}至${to}.xlsx`);
  }

  /** Depreciation month by month: one card (`card`), or a year by class (`year`). */
  @Get('schedule')
  schedule(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    if (typeof query.card === 'string' && query.card) return this.reports.cardSchedule(actor, query.card);
    return this.reports.classSchedule(actor, yearParam(String(query.year ?? '')));
  }

  @Get('schedule/export')
  async scheduleExport(@CurrentActor() actor: Actor, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    if (typeof query.card === 'string' && query.card) {
      const schedule = await this.reports.cardSchedule(actor, query.card);
      sendExport(response, await this.exports.cardSchedule(schedule), `depreciation-${schedule.card.number}.xlsx`, `折旧明细-${schedule.card.number}.xlsx`);
      return;
    }
    const schedule = await this.reports.classSchedule(actor, yearParam(String(query.year ?? '')));
    sendExport(response, await this.exports.classSchedule(schedule), `depreciation-${schedule.year}.xlsx`, `折旧表-${schedule.year}.xlsx`);
  }

  /** Cards against 1601 / 1602 per unit, differences flagged: finance, the accountant and leaders. */
  @Get('reconciliation')
  reconciliation(@CurrentActor() actor: Actor) {
    return this.reports.reconciliation(actor);
  }

  @Get('reconciliation/export')
  async reconciliationExport(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    sendExport(response, await this.exports.reconciliation(await this.reports.reconciliation(actor)), 'asset-reconciliation.xlsx', '资产卡片与账簿核对.xlsx');
  }
}
