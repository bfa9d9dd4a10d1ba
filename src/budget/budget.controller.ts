import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { sendExport } from '../exports/export-writer';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { bilingual, yearParam } from '../common/validation';
import type { Actor } from '../org/org.service';
import { BudgetService } from './budget.service';
import { BudgetVisibility } from './budget-visibility';
import { BudgetAdjustmentsService } from './budget-adjustments.service';
import { BudgetSheetService } from './budget-sheet.service';
import { AdjustmentProposalDto, AllocationDto, CreateBudgetLineDto } from './dto/budget.dto';
import { Idempotent } from '../idempotency/idempotency.interceptor';

@Controller()
export class BudgetController {
  constructor(private readonly budget: BudgetService, private readonly adjustments: BudgetAdjustmentsService, private readonly sheets: BudgetSheetService) {}

  /** Lines with allocated, reserved, committed, available and execution rate. */
  @Get('budgets')
  list(@CurrentActor() actor: Actor, @Query('unit') unit?: string, @Query('year') year?: string) {
    return this.budget.list({ unit: BudgetVisibility.unitScope(actor, unit) ?? undefined, year: year === undefined ? undefined : yearParam(year) });
  }

  @Post('budgets')
  @RequireGroups('finance')
  @Idempotent('budgets')
  create(@CurrentActor() actor: Actor, @Body() body: CreateBudgetLineDto) {
    return this.budget.createLine(body, actor.username);
  }

  /** The lines the caller may see, as an Excel sheet in the import's columns. */
  @Get('budgets/export')
  async export(@CurrentActor() actor: Actor, @Res() response: Response, @Query('unit') unit?: string, @Query('year') year?: string): Promise<void> {
    const lines = await this.list(actor, unit, year);
    sendExport(response, await this.sheets.export(lines), `budget-lines${year ? `-${year}` : ''}.xlsx`, `预算指标${year ? `-${year}` : ''}.xlsx`);
  }

  @Get('budgets/import-template')
  @RequireGroups('finance')
  async template(@Res() response: Response): Promise<void> {
    sendExport(response, await this.sheets.template(), 'budget-import-template.xlsx', '预算指标导入模板.xlsx');
  }

  /** Next year's lines from an Excel sheet (field `file`): all rows or none, every bad cell named by row and column. */
  @Post('budgets/import')
  @HttpCode(201)
  @RequireGroups('finance')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } }))
  import(@CurrentActor() actor: Actor, @UploadedFile() file?: { buffer: Buffer }) {
    if (!file?.buffer?.length) throw new RequestValidationError([{ field: 'file', message: bilingual('请上传 Excel（.xlsx）文件', 'upload an Excel (.xlsx) file as the field "file"') }]);
    return this.sheets.import(file.buffer, actor.username);
  }

  @Get('budgets/:id')
  async view(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const line = await this.budget.view(id);
    BudgetVisibility.assertMayReadLine(actor, line.unitCode);
    return line;
  }

  /** Every movement on the line, oldest first. */
  @Get('budgets/:id/ledger')
  async ledger(@CurrentActor() actor: Actor, @Param('id') id: string) {
    BudgetVisibility.assertMayReadLedger(actor, (await this.budget.view(id)).unitCode);
    return this.budget.entries(id);
  }

  /** Adds to or takes from the allocation; an `Idempotency-Key` header makes a retried request move money once. */
  @Get('budgets/:id/ledger/export')
  async exportLedger(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const line = await this.budget.view(id);
    BudgetVisibility.assertMayReadLedger(actor, line.unitCode);
    const file = await this.sheets.ledger(`${line.unit} ${line.year} ${line.subject}${line.name ? ` ${line.name}` : ''}`, await this.budget.entries(id));
    sendExport(response, file, `ledger-${line.unitCode}-${line.year}-${line.subject}.xlsx`, `预算台账-${line.unit}-${line.year}-${line.subject}.xlsx`);
  }

  @Post('budgets/:id/allocations')
  @RequireGroups('finance')
  allocate(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AllocationDto, @Headers('idempotency-key') key?: string) {
    return this.budget.allocate(id, body.amount, body.reason, actor.username, key);
  }

  /** Finance proposes moving allocation between lines; into or out of a special fund the deputy chief approves. */
  @Post('budget-adjustments')
  @RequireGroups('finance')
  @Idempotent('budget-adjustments')
  propose(@CurrentActor() actor: Actor, @Body() body: AdjustmentProposalDto) {
    return this.adjustments.propose(body, actor.username);
  }

  @Get('budget-adjustments/:id')
  @RequireGroups('finance', 'deputy-chief', 'chief')
  adjustment(@Param('id') id: string) {
    return this.adjustments.view(id);
  }

  /** Alerts for the caller's groups: lines past 80 % and 100 % usage. */
  @Get('budget-alerts')
  alerts(@CurrentActor() actor: Actor) {
    return this.budget.alerts(actor.groups);
  }
}
