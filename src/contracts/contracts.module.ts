import { Module } from '@nestjs/common';
import { BudgetModule } from '../budget/budget.module';
import { ClaimsModule } from '../claims/claims.module';
import { ProcurementModule } from '../procurement/procurement.module';
import { AcceptanceService } from './acceptance.service';
import { ContractAccess } from './contract-access';
import { ContractExecutionService } from './contract-execution.service';
import { ContractPayableSource } from './contract-payable.source';
import { ContractPaymentsService } from './contract-payments.service';
import { ContractRecords } from './contract-records';
import { ContractPaymentReplay, ContractReplay } from './contract-replay';
import { ContractScreeningService } from './contract-screening.service';
import { ContractSubjects } from './contract-subjects';
import { ContractCloseWorker, ContractCommitWorker, ContractPaymentCloseWorker, ContractPaymentScreenWorker, ContractScreenWorker } from './contract.workers';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

/** Contracts, supplements, milestones, acceptance and contract payments (the chain after the award). */
@Module({
  imports: [BudgetModule, ClaimsModule, ProcurementModule],
  controllers: [ContractsController],
  providers: [
    ContractRecords,
    ContractAccess,
    ContractsService,
    ContractScreeningService,
    ContractPaymentsService,
    AcceptanceService,
    ContractExecutionService,
    ContractPayableSource,
    ContractSubjects,
    ContractScreenWorker,
    ContractCloseWorker,
    ContractCommitWorker,
    ContractPaymentScreenWorker,
    ContractPaymentCloseWorker,
    ContractReplay,
    ContractPaymentReplay,
  ],
  exports: [ContractsService, ContractPaymentsService, ContractRecords],
})
export class ContractsModule {}
