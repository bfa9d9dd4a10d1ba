import { Module } from '@nestjs/common';
import { BudgetModule } from '../budget/budget.module';
import { ClaimsModule } from '../claims/claims.module';
import { CardStatementsService } from './card-statements.service';
import { ClaimPayables } from './claim-payables';
import { PaymentBatchCloseWorker } from './payment-batch-close.worker';
import { PaymentBatchesService } from './payment-batches.service';
import { PaymentRulesEvaluator } from './payment-rules.evaluator';
import { PaymentSubjects } from './payment-subjects';
import { PaymentsController, PersonAccountsController } from './payments.controller';
import { PaymentsDemoSeeder } from './payments-demo.seeder';
import { PersonAccountsService } from './person-accounts.service';

/** 出纳支付: people's accounts, the claim payable source, payment batches and 公务卡对账. */
@Module({
  imports: [ClaimsModule, BudgetModule],
  controllers: [PaymentsController, PersonAccountsController],
  providers: [PersonAccountsService, ClaimPayables, PaymentBatchesService, CardStatementsService, PaymentSubjects, PaymentBatchCloseWorker, PaymentRulesEvaluator, PaymentsDemoSeeder],
  exports: [PaymentsDemoSeeder],
})
export class PaymentsModule {}
