import { Module } from '@nestjs/common';
import { BudgetModule } from '../budget/budget.module';
import { ClaimsModule } from '../claims/claims.module';
import { TravelModule } from '../travel/travel.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ClaimsModule, TravelModule, BudgetModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
