import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClaimsModule } from '../claims/claims.module';
import { TravelRequest } from './travel-request.entity';
import { TravelRequestCloseWorker } from './travel-request-close.worker';
import { TravelRequestsController } from './travel-requests.controller';
import { TravelRequestsService } from './travel-requests.service';
import { TravelRequestSubjects } from './travel-request-subjects';
import { TripCheckService } from './trip-check.service';
import { TripCheckWorker } from './trip-check.worker';
import { TripsRepository } from './trips.repository';

@Module({
  imports: [TypeOrmModule.forFeature([TravelRequest]), ClaimsModule, FormsModule],
  controllers: [TravelRequestsController],
  providers: [TravelRequestsService, TravelRequestSubjects, TravelRequestCloseWorker, TripsRepository, TripCheckService, TripCheckWorker],
  exports: [TravelRequestsService, TripsRepository],
})
export class TravelModule {}
