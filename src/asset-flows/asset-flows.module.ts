import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ClaimsModule } from '../claims/claims.module';
import { AssetFlowCards } from './asset-flow-cards';
import { AssetFlowRecords } from './asset-flow-records';
import { AssetFlowSubjects } from './asset-flow-subjects';
import { AssetDisposalCloseWorker, AssetTransferCloseWorker } from './asset-flow.workers';
import { AssetFlowsController } from './asset-flows.controller';
import { DisposalsService } from './disposals.service';
import { TransfersService } from './transfers.service';

/** 调拨 and 处置 of asset cards: approval flows on the engine, the cards' history, the disposal's business event. */
@Module({
  imports: [AssetsModule, ClaimsModule],
  controllers: [AssetFlowsController],
  providers: [AssetFlowRecords, AssetFlowCards, TransfersService, DisposalsService, AssetFlowSubjects, AssetTransferCloseWorker, AssetDisposalCloseWorker],
})
export class AssetFlowsModule {}
