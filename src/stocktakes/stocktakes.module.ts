import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { StocktakeReport } from './stocktake-report';
import { StocktakesController } from './stocktakes.controller';
import { StocktakesService } from './stocktakes.service';

/** Stocktakes (资产盘点): open, scan from phones, live view, decisions on gaps, close, report. */
@Module({
  imports: [AssetsModule],
  controllers: [StocktakesController],
  providers: [StocktakesService, StocktakeReport],
})
export class StocktakesModule {}
