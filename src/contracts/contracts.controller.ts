import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { sendExport } from '../exports/export-writer';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { AcceptanceService } from './acceptance.service';
import { CONTRACT_IMPORTERS } from './contract-access';
import { ContractExecutionService } from './contract-execution.service';
import { ContractPaymentsService } from './contract-payments.service';
import { ContractsService } from './contracts.service';
import { AcceptanceDto, ContractPaymentDto, CreateContractDto, ImportContractsDto, ReviseContractDto, ReviseContractPaymentDto, SignContractDto } from './dto/contract.dto';

const STATUSES = ['SCREENING', 'RETURNED', 'IN_APPROVAL', 'SIGNING', 'SIGNED', 'REJECTED', 'APPROVED', 'PAID'];

function statusParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!STATUSES.includes(value)) throw new RequestValidationError([{ field: 'status', message: bilingual('状态不正确', `status must be one of ${STATUSES.join(', ')}`) }]);
  return value;
}

/** Who sees the SME payments about to go late: finance and the books, the cashier, leaders. */
const SME_DUE_READERS = ['finance', 'accountant', 'cashier', 'deputy-chief', 'chief'];

@Controller()
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly acceptances: AcceptanceService,
    private readonly payments: ContractPaymentsService,
    private readonly execution: ContractExecutionService,
  ) {}

  /** A contract from an award (or supplementing a signed contract): screened, then reviewed and approved. */
  @Post('contracts')
  @Idempotent('contracts')
  submit(@CurrentActor() actor: Actor, @Body() body: CreateContractDto) {
    return this.contracts.submit(actor, body);
  }

  /** A returned contract revised by its submitter and screened again. */
  @Put('contracts/:id')
  @Idempotent('contract-revisions')
  revise(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReviseContractDto) {
    return this.contracts.revise(actor, id, body);
  }

  /** Contracts the caller may read, newest first. */
  @Get('contracts')
  list(@CurrentActor() actor: Actor, @Query('status') status?: string, @Query('supplier') supplier?: string) {
    return this.contracts.list(actor, { status: statusParam(status), supplier });
  }

  /** Contracts signed before the product, with deliveries, acceptance and payments (all or none). */
  @Post('contracts/import')
  @HttpCode(201)
  @RequireGroups(...CONTRACT_IMPORTERS)
  @Idempotent('contracts-import')
  import(@CurrentActor() actor: Actor, @Body() body: ImportContractsDto) {
    return this.contracts.importContracts(actor, body.contracts);
  }

  /** 合同执行情况表: per contract (default), or summed per supplier or unit. */
  @Get('contracts/execution')
  async executionReport(@CurrentActor() actor: Actor, @Query('by') by?: string) {
    if (by === 'supplier' || by === 'unit') return this.execution.grouped(actor, by);
    if (by !== undefined && by !== 'contract') throw new RequestValidationError([{ field: 'by', message: bilingual('汇总方式应为 contract、supplier 或 unit', 'by must be contract, supplier or unit') }]);
    return this.execution.rows(actor);
  }

  @Get('contracts/execution/export')
  async executionExport(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    sendExport(response, await this.execution.export(actor), 'contract-execution.xlsx', '合同执行情况表.xlsx');
  }

  /** SME payments late or about to go late (within the payment rule set's dueSoonDays). */
  @Get('contracts/sme-due')
  @RequireGroups(...SME_DUE_READERS)
  smeDue() {
    return this.execution.smeDue(this.clockToday());
  }

  @Get('contracts/:id')
  view(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.contracts.view(actor, id);
  }

  @Get('contracts/:id/progress')
  progress(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.contracts.progress(actor, id);
  }

  /** The signing step: the day signed, once the signed scan is attached. */
  @Post('contracts/:id/sign')
  @HttpCode(200)
  @Idempotent('contract-sign')
  sign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SignContractDto) {
    return this.contracts.sign(actor, id, body);
  }

  @Get('contracts/:id/acceptances')
  acceptancesOf(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.acceptances.ofContract(actor, id);
  }

  /** 验收 of a signed contract against its items, with the report attached to the contract. */
  @Post('contracts/:id/acceptances')
  @Idempotent('contract-acceptances')
  accept(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AcceptanceDto) {
    return this.acceptances.record(actor, id, body);
  }

  @Post('contract-payments')
  @Idempotent('contract-payments')
  requestPayment(@CurrentActor() actor: Actor, @Body() body: ContractPaymentDto) {
    return this.payments.submit(actor, body);
  }

  /** A returned payment request revised by its submitter and screened again. */
  @Put('contract-payments/:id')
  @Idempotent('contract-payment-revisions')
  revisePayment(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReviseContractPaymentDto) {
    return this.payments.revise(actor, id, body);
  }

  @Get('contract-payments')
  paymentList(@CurrentActor() actor: Actor, @Query('status') status?: string) {
    return this.payments.list(actor, statusParam(status));
  }

  @Get('contract-payments/:id')
  payment(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.payments.view(actor, id);
  }

  @Get('contract-payments/:id/progress')
  paymentProgress(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.payments.progress(actor, id);
  }

  private clockToday(): string {
    return this.execution.today();
  }
}
