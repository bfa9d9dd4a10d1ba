import { Module } from '@nestjs/common';
import { AssetLabelsController } from './asset-labels.controller';
import { AssetLabelsService } from './asset-labels.service';
import { LabelFont } from './label-pdf';

@Module({
  controllers: [AssetLabelsController],
  providers: [AssetLabelsService, LabelFont],
})
export class AssetLabelsModule {}
