import { Module } from '@nestjs/common';
import { AccountingConsumer } from './accounting-consumer';
import { AccountingExports } from './accounting-exports';
import { AccountingController } from './accounting.controller';
import { AccountingWorker } from './accounting.worker';
import { BooksService } from './books.service';
import { PeriodsService } from './periods.service';
import { PostingRulesService } from './posting-rules.service';
import { UnbookedService } from './unbooked.service';
import { VoucherLinks } from './voucher-links';
import { VoucherRaiser } from './voucher-raiser';
import { VouchersService } from './vouchers.service';

/** 自动制单 and the books: reads the business event log only, never a feature. */
@Module({
  controllers: [AccountingController],
  providers: [PostingRulesService, VoucherRaiser, AccountingConsumer, AccountingWorker, VouchersService, PeriodsService, BooksService, UnbookedService, AccountingExports, VoucherLinks],
  exports: [AccountingConsumer, VoucherRaiser, PostingRulesService, BooksService],
})
export class AccountingModule {}
