import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { AssetReportExports } from './asset-reports.exports';
import { AssetReportsController } from './asset-reports.controller';
import { AssetReportsService } from './asset-reports.service';

@Module({
  imports: [AssetsModule],
  controllers: [AssetReportsController],
  providers: [AssetReportsService, AssetReportExports],
})
export class AssetReportsModule {}
