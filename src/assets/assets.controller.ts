import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import { sendExport } from '../exports/export-writer';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { AssetClassCatalogueService } from './asset-class-catalogue';
import { ASSET_STATUSES, AssetStatus } from './asset.views';
import { AssetLifeService } from './asset-life.service';
import { AssetSheetService } from './asset-sheet.service';
import { AssetUncardedService } from './asset-uncarded.service';
import { AssetsService } from './assets.service';
import { CardFromAcceptanceDto } from './dto/asset.dto';
import { FinishRepairDto, IssueAssetDto, ReturnAssetDto, StartRepairDto } from './dto/asset-life.dto';


function statusParam(value: string | undefined): AssetStatus | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(ASSET_STATUSES as readonly string[]).includes(value)) throw new RequestValidationError([{ field: 'status', message: bilingual('资产状态不正确', `status must be one of ${ASSET_STATUSES.join(', ')}`) }]);
  return value as AssetStatus;
}

function pageParam(value: string | undefined, field: string, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new RequestValidationError([{ field, message: bilingual(`${field} 应为 1 到 ${max} 的整数`, `${field} must be a whole number from 1 to ${max}`) }]);
  return n;
}

@Controller()
export class AssetsController {
  constructor(
    private readonly assets: AssetsService,
    private readonly catalogue: AssetClassCatalogueService,
    private readonly life: AssetLifeService,
    private readonly sheets: AssetSheetService,
    private readonly uncarded: AssetUncardedService,
  ) {}

  /** 资产台账: the cards the caller may see, filtered. */
  @Get('assets')
  list(
    @CurrentActor() actor: Actor,
    @Query('unit') unit?: string,
    @Query('class') classCode?: string,
    @Query('status') status?: string,
    @Query('keeper') keeperId?: string,
    @Query('holder') holderId?: string,
    @Query('q') q?: string,
    @Query('page') page?: string,
    @Query('pageSize') pageSize?: string,
  ) {
    return this.assets.list(actor, { unit, classCode, status: statusParam(status), keeperId, holderId, q, page: pageParam(page, 'page', 100000), pageSize: pageParam(pageSize, 'pageSize', 200) });
  }

  /** The units and keepers the register's filters offer the caller. */
  @Get('assets/filters')
  filters(@CurrentActor() actor: Actor) {
    return this.assets.filters(actor);
  }

  /** The asset classes, their useful lives and the carding thresholds. */
  @Get('assets/classes')
  classes() {
    return this.catalogue.catalogue;
  }

  /** 待建卡: accepted items marked for asset cards with units still uncarded. */
  @Get('assets/pending')
  async pending(@CurrentActor() actor: Actor) {
    const lines = await this.assets.pendingFromAcceptance(actor);
    const findings = await this.uncarded.findingsOf(lines);
    return lines.map((line) => {
      const finding = findings.get(`${line.acceptanceId}:${line.itemId}`);
      return { ...line, finding: finding ? { ruleId: finding.ruleId, severity: finding.severity, message: finding.message } : null };
    });
  }

  /** The opening-balance sheet's columns with a sample row. */
  @Get('assets/import-template')
  async template(@Res() response: Response): Promise<void> {
    sendExport(response, await this.sheets.template(), 'asset-import-template.xlsx', '资产期初导入模板.xlsx');
  }

  /** 期初导入: every row good or nothing imported, each bad row named by row and column. */
  @Post('assets/import')
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 10 * 1024 * 1024 } }))
  import(@CurrentActor() actor: Actor, @UploadedFile() file?: { buffer: Buffer }) {
    return this.sheets.import(actor, file?.buffer);
  }

  /** People of a unit its asset-keeper may issue assets to. */
  @Get('assets/people')
  people(@CurrentActor() actor: Actor, @Query('unit') unit?: string) {
    if (!unit) throw new RequestValidationError([{ field: 'unit', message: bilingual('请指定单位', 'unit is required') }]);
    return this.life.people(actor, unit);
  }

  @Post('assets/from-acceptance')
  @Idempotent('assets-from-acceptance')
  cardFromAcceptance(@CurrentActor() actor: Actor, @Body() body: CardFromAcceptanceDto) {
    return this.assets.cardFromAcceptance(actor, body);
  }

  /** A card by its number (a scanned label). */
  @Get('assets/by-number/:number')
  byNumber(@CurrentActor() actor: Actor, @Param('number') number: string) {
    return this.assets.byNumber(actor, number);
  }

  @Get('assets/:id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.assets.get(actor, id);
  }

  @Get('assets/:id/history')
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.assets.history(actor, id);
  }

  /** 领用: issued to a person of the card's unit; an issued asset is returned before it is issued again. */
  @Post('assets/:id/issue')
  @HttpCode(200)
  @Idempotent('asset-issue')
  issue(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: IssueAssetDto) {
    return this.life.issue(actor, id, body);
  }

  /** 交回: back to stock. */
  @Post('assets/:id/return')
  @HttpCode(200)
  @Idempotent('asset-return')
  giveBack(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReturnAssetDto) {
    return this.life.giveBack(actor, id, body);
  }

  /** 维修 starts. */
  @Post('assets/:id/repair')
  @HttpCode(200)
  @Idempotent('asset-repair')
  startRepair(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: StartRepairDto) {
    return this.life.startRepair(actor, id, body);
  }

  /** 维修 ends, with its cost. */
  @Post('assets/:id/repair/finish')
  @HttpCode(200)
  @Idempotent('asset-repair-finish')
  finishRepair(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: FinishRepairDto) {
    return this.life.finishRepair(actor, id, body);
  }
}
