import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { DepreciationController } from './depreciation.controller';
import { DepreciationScheduler } from './depreciation.scheduler';
import { DepreciationService } from './depreciation.service';

@Module({
  imports: [AssetsModule],
  controllers: [DepreciationController],
  providers: [DepreciationService, DepreciationScheduler],
  exports: [DepreciationService],
})
export class DepreciationModule {}
