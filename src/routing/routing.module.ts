import { Module } from '@nestjs/common';
import { BudgetModule } from '../budget/budget.module';
import { ClaimsModule } from '../claims/claims.module';
import { RouteService } from './route.service';
import { RouteWorker } from './route.worker';

@Module({
  imports: [ClaimsModule, BudgetModule],
  providers: [RouteService, RouteWorker],
})
export class RoutingModule {}
