import { Module } from '@nestjs/common';
import { AssetClassCatalogueService } from './asset-class-catalogue';
import { AssetLifeService } from './asset-life.service';
import { AssetSheetService } from './asset-sheet.service';
import { AssetSubjects } from './asset-subjects';
import { AssetUncardedService } from './asset-uncarded.service';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  controllers: [AssetsController],
  providers: [AssetsService, AssetClassCatalogueService, AssetLifeService, AssetSheetService, AssetUncardedService, AssetSubjects],
  exports: [AssetsService, AssetClassCatalogueService],
})
export class AssetsModule {}
