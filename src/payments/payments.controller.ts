import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { ClaimsService } from '../claims/claims.service';
import { sendExport } from '../exports/export-writer';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { CardStatementsService } from './card-statements.service';
import { CLAIM_PAYABLE } from './claim-payables';
import { BankAccountDto, BatchListQuery, BuildBatchDto, ExportQuery } from './dto/payments.dto';
import { PaymentBatchesService } from './payment-batches.service';
import { PaymentBatchNotFoundError } from './payments.errors';
import { PersonAccountsService } from './person-accounts.service';

const batchId = () => new ParseUUIDPipe({ exceptionFactory: () => new PaymentBatchNotFoundError('?') });

/** 出纳支付: what is due, payment batches, the bank's file and its result, 公务卡对账. */
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly batches: PaymentBatchesService,
    private readonly cards: CardStatementsService,
    private readonly claims: ClaimsService,
  ) {}

  /** 待支付: every due payable of every source. */
  @Get('due')
  due(@CurrentActor() actor: Actor) {
    return this.batches.due(actor);
  }

  @Get('batches')
  list(@CurrentActor() actor: Actor, @Query() query: BatchListQuery) {
    return this.batches.list(actor, query.status);
  }

  /** Builds a batch from the selected due lines and sends it for approval. */
  @Post('batches')
  @Idempotent('payment-batch')
  build(@CurrentActor() actor: Actor, @Body() body: BuildBatchDto) {
    return this.batches.build(actor, body);
  }

  @Get('batches/:id')
  view(@CurrentActor() actor: Actor, @Param('id', batchId()) id: string) {
    return this.batches.view(actor, id);
  }

  @Post('batches/:id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentActor() actor: Actor, @Param('id', batchId()) id: string) {
    return this.batches.withdraw(actor, id);
  }

  /** The bank's batch-payment file in a layout (`csv-generic`, `xlsx-bank`). */
  @Get('batches/:id/export')
  async export(@CurrentActor() actor: Actor, @Param('id', batchId()) id: string, @Query() query: ExportQuery, @Res() response: Response) {
    const file = await this.batches.export(actor, id, query.layout);
    sendExport(response, file.content, file.asciiName, file.fileName);
  }

  /** Multipart `file`: the bank's result (the exported file with 状态 and 备注 added). */
  @Post('batches/:id/result')
  @HttpCode(200)
  importResult(@CurrentActor() actor: Actor, @Param('id', batchId()) id: string, @Req() request: Request) {
    return this.batches.importResult(actor, id, request);
  }

  /** A claim's payment lines (batch, day, status, the bank's reason), for whoever may read the claim. */
  @Get('claims/:id')
  async ofClaim(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.claims.assertVisible(actor, id);
    return this.batches.linesOfSource(CLAIM_PAYABLE, id);
  }

  @Get('card-reconciliation')
  reconciliation(@CurrentActor() actor: Actor) {
    return this.cards.reconciliation(actor);
  }

  /** Multipart `file`: the card bank's statement (CSV). */
  @Post('card-statements')
  @HttpCode(200)
  importStatement(@CurrentActor() actor: Actor, @Req() request: Request) {
    return this.cards.importStatement(actor, request);
  }

  @Post('card-statements/rematch')
  @HttpCode(200)
  rematch(@CurrentActor() actor: Actor) {
    return this.cards.rematch(actor);
  }
}

/** 人员账户: a person's payroll account and 公务卡, kept by the administrator, read masked except by finance. */
@Controller('org/users/:username/bank-account')
export class PersonAccountsController {
  constructor(private readonly accounts: PersonAccountsService) {}

  @Get()
  @RequireGroups('process-admin', 'finance', 'cashier', 'accountant')
  view(@CurrentActor() actor: Actor, @Param('username') username: string) {
    return this.accounts.view(actor, username);
  }

  @Put()
  @RequireGroups('process-admin')
  set(@CurrentActor() actor: Actor, @Param('username') username: string, @Body() body: BankAccountDto) {
    return this.accounts.set(actor, username, body);
  }
}
