import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { isAssetKeeper } from '../assets/asset-access';
import { CurrentActor } from '../auth/auth.guard';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { AssetKeeperRequiredError } from './asset-flows.errors';
import { DisposalsService } from './disposals.service';
import { CreateDisposalDto, CreateTransferDto } from './dto/asset-flow.dto';
import { TransfersService } from './transfers.service';

function keeperOnly(actor: Actor): void {
  if (!isAssetKeeper(actor)) throw new AssetKeeperRequiredError();
}

@Controller()
export class AssetFlowsController {
  constructor(
    private readonly transfers: TransfersService,
    private readonly disposals: DisposalsService,
  ) {}

  /** 调拨: cards of one unit to another, approved by both heads. */
  @Post('asset-transfers')
  @Idempotent('asset-transfers')
  fileTransfer(@CurrentActor() actor: Actor, @Body() body: CreateTransferDto) {
    keeperOnly(actor);
    return this.transfers.submit(actor, body);
  }

  /** Transfers the caller may read, newest first. */
  @Get('asset-transfers')
  transferList(@CurrentActor() actor: Actor) {
    return this.transfers.list(actor);
  }

  /** The units a transfer may go to (code and name), for the filing form. */
  @Get('asset-transfers/units')
  units() {
    return this.transfers.units();
  }

  @Get('asset-transfers/:id')
  transfer(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.transfers.view(actor, id);
  }

  @Get('asset-transfers/:id/progress')
  transferProgress(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.transfers.progress(actor, id);
  }

  /** 处置: cards of one unit, with the way, residual value and proceeds; approved by the authority lines. */
  @Post('asset-disposals')
  @Idempotent('asset-disposals')
  fileDisposal(@CurrentActor() actor: Actor, @Body() body: CreateDisposalDto) {
    keeperOnly(actor);
    return this.disposals.submit(actor, body);
  }

  @Get('asset-disposals')
  disposalList(@CurrentActor() actor: Actor) {
    return this.disposals.list(actor);
  }

  @Get('asset-disposals/:id')
  disposal(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.disposals.view(actor, id);
  }

  @Get('asset-disposals/:id/progress')
  disposalProgress(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.disposals.progress(actor, id);
  }
}
