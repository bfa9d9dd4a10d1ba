import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { TravelModule } from '../travel/travel.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ClaimsModule, TravelModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
