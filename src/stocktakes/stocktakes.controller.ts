import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import { sendExport } from '../exports/export-writer';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { DecideGapsDto, ExtraItemDto, OpenStocktakeDto, ScanBatchDto } from './dto/stocktake.dto';
import { StocktakeReport } from './stocktake-report';
import { StocktakesService } from './stocktakes.service';

@Controller()
export class StocktakesController {
  constructor(
    private readonly stocktakes: StocktakesService,
    private readonly report: StocktakeReport,
  ) {}

  /** Stocktakes of the units the caller keeps or reads, newest first. */
  @Get('stocktakes')
  list(@CurrentActor() actor: Actor) {
    return this.stocktakes.list(actor);
  }

  /** Units (and their locations) the caller keeps assets for: where a count or a label sheet can be made. */
  @Get('stocktakes/places')
  places(@CurrentActor() actor: Actor) {
    return this.stocktakes.places(actor);
  }

  /** 发起盘点: snapshots the cards on the books of the unit (location). */
  @Post('stocktakes')
  @Idempotent('stocktakes')
  open(@CurrentActor() actor: Actor, @Body() body: OpenStocktakeDto) {
    return this.stocktakes.open(actor, body);
  }

  /** The live view: found, missing, unrecorded, the latest scans. */
  @Get('stocktakes/:id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.stocktakes.get(actor, id);
  }

  /** Scans from a phone, one or a queued batch; each scan's id makes a replay harmless. */
  @Post('stocktakes/:id/scans')
  @HttpCode(200)
  scan(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ScanBatchDto) {
    return this.stocktakes.scan(actor, id, body.scans);
  }

  /** 盘盈 entered by hand. */
  @Post('stocktakes/:id/extras')
  @Idempotent('stocktake-extras')
  addExtra(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ExtraItemDto) {
    return this.stocktakes.addExtra(actor, id, body);
  }

  /** Decisions on gaps (盘亏: 待查/报损/已找到; 盘盈: 建卡/退回/非资产). */
  @Post('stocktakes/:id/decisions')
  @HttpCode(200)
  decide(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DecideGapsDto) {
    return this.stocktakes.decide(actor, id, body);
  }

  /** 结束盘点: refused by AST-STOCKTAKE-GAP while a missing card has no decision. */
  @Post('stocktakes/:id/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.stocktakes.close(actor, id);
  }

  /** 盘点结果报告 as Excel. */
  @Get('stocktakes/:id/export')
  async export(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const { number, bytes } = await this.report.workbook(actor, id);
    sendExport(response, bytes, `stocktake-${number}.xlsx`, `盘点结果-${number}.xlsx`);
  }
}
