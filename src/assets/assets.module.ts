import { Module } from '@nestjs/common';
import { AssetClassCatalogueService } from './asset-class-catalogue';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  controllers: [AssetsController],
  providers: [AssetsService, AssetClassCatalogueService],
  exports: [AssetsService, AssetClassCatalogueService],
})
export class AssetsModule {}
