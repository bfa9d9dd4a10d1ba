import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { AssetClassCatalogueService } from './asset-class-catalogue';
import { ASSET_STATUSES, AssetStatus } from './asset.views';
import { AssetsService } from './assets.service';
import { CardFromAcceptanceDto } from './dto/asset.dto';

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

  /** The asset classes, their useful lives and the carding thresholds. */
  @Get('assets/classes')
  classes() {
    return this.catalogue.catalogue;
  }

  /** 待建卡: accepted items marked for asset cards with units still uncarded. */
  @Get('assets/pending')
  pending(@CurrentActor() actor: Actor) {
    return this.assets.pendingFromAcceptance(actor);
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
}
