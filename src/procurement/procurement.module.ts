import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BudgetModule } from '../budget/budget.module';
import { FormsModule } from '../forms/forms.module';
import { SuppliersModule } from '../suppliers/suppliers.module';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';
import { ProcurementAward } from './procurement-award.entity';
import { ProcurementQuote, ProcurementRequest } from './procurement-request.entity';
import { ProcurementPolicy } from './procurement-policy';
import { ProcurementRequestsController } from './procurement-requests.controller';
import { ProcurementRequestsService } from './procurement-requests.service';
import { ProcurementReplay } from './procurement-replay';
import { ProcurementReservations } from './procurement-reservations';
import { ProcurementScreeningService } from './procurement-screening.service';
import { ProcurementSubjects } from './procurement-subjects';
import { SupplierReportService } from './supplier-report.service';
import { ProcurementRequestCloseWorker, ProcurementScreenWorker } from './procurement.workers';

@Module({
  imports: [TypeOrmModule.forFeature([ProcurementAward, ProcurementRequest, ProcurementQuote]), SuppliersModule, BudgetModule, FormsModule],
  controllers: [AwardsController, ProcurementRequestsController],
  providers: [AwardsService, ProcurementPolicy, ProcurementScreeningService, ProcurementReservations, ProcurementRequestsService, ProcurementSubjects, SupplierReportService, ProcurementScreenWorker, ProcurementRequestCloseWorker, ProcurementReplay],
  exports: [AwardsService, SuppliersModule, ProcurementReservations, ProcurementRequestsService],
})
export class ProcurementModule {}
