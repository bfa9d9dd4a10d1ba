import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { yearParam } from '../common/validation';
import { sendExport } from '../exports/export-writer';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { AccountingExports } from './accounting-exports';
import { choiceParam, dimensionFilter, intParam, optionalPeriod, periodParam, subjectParam, textParam } from './accounting-params';
import { BooksService } from './books.service';
import { PostingRulesDryRunDto, PostingRulesDto, ReopenPeriodDto, ReverseVoucherDto } from './dto/accounting.dto';
import { PeriodsService } from './periods.service';
import { PostingRulesService } from './posting-rules.service';
import { UnbookedService } from './unbooked.service';
import { VouchersService } from './vouchers.service';

const KEEPERS = ['accountant', 'finance'];

/**
 * Everything financial is for accountants and finance, and the bureau's leaders read it; the cashier
 * and staff never read the books. Only accountants and finance write.
 */
@Controller('accounting')
@RequireGroups(...KEEPERS, 'deputy-chief', 'chief')
export class AccountingController {
  constructor(
    private readonly vouchers: VouchersService,
    private readonly rules: PostingRulesService,
    private readonly periods: PeriodsService,
    private readonly books: BooksService,
    private readonly unbooked: UnbookedService,
    private readonly exports: AccountingExports,
  ) {}

  /** The chart of accounts with each subject's book, direction and auxiliary dimensions; economic and functional classifications. */
  @Get('chart')
  chart() {
    return this.rules.chart.chart;
  }

  @Get('vouchers')
  list(@Query() query: Record<string, unknown>) {
    return this.vouchers.list({
      period: optionalPeriod(query.period),
      state: choiceParam(query.state, 'state', ['draft', 'reviewed', 'posted'] as const),
      sourceKind: textParam(query.sourceKind, 'sourceKind'),
      sourceId: textParam(query.sourceId, 'sourceId'),
      page: intParam(query.page, 'page', 1, 100000, 1),
      pageSize: intParam(query.pageSize, 'pageSize', 1, 200, 20),
    });
  }

  /** A period's vouchers in an import layout (`generic`, or `u8`: a sample of 用友 U8's template). */
  @Get('vouchers/export')
  async exportVouchers(@Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const period = periodParam(query.period);
    const layout = this.exports.layout(choiceParam(query.layout, 'layout', this.exports.layouts.map((l) => l.id)) ?? 'generic');
    sendExport(response, await this.exports.vouchers(period, layout.id), `vouchers-${period}-${layout.id}.xlsx`, `凭证-${period}-${layout.id}.xlsx`);
  }

  @Get('voucher-layouts')
  layouts() {
    return this.exports.layouts.map(({ id, name, status }) => ({ id, name, status }));
  }

  @Get('vouchers/:id')
  view(@Param('id') id: string) {
    return this.vouchers.view(id);
  }

  @Post('vouchers/:id/review')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('voucher-review')
  review(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.vouchers.review(id, actor);
  }

  @Post('vouchers/:id/unreview')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('voucher-unreview')
  unreview(@Param('id') id: string) {
    return this.vouchers.unreview(id);
  }

  @Post('vouchers/:id/post')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('voucher-post')
  post(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.vouchers.post(id, actor);
  }

  /** 红字冲销: a new draft with the entries in negative amounts, linked to the posted voucher. */
  @Post('vouchers/:id/reverse')
  @RequireGroups(...KEEPERS)
  @Idempotent('voucher-reverse')
  reverse(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReverseVoucherDto) {
    return this.vouchers.reverse(id, actor, body.reason);
  }

  /** 未制单: events no rule booked, with the reason. */
  @Get('unbooked')
  unbookedEvents() {
    return this.unbooked.list();
  }

  @Post('unbooked/retry')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('unbooked-retry')
  retry() {
    return this.unbooked.retry();
  }

  @Get('posting-rules')
  ruleVersions() {
    return this.rules.versions();
  }

  @Get('posting-rules/:version')
  ruleVersion(@Param('version') version: string) {
    return this.rules.version(version);
  }

  /** Stores a new version; refused (400) when any past or sample event would book unbalanced. */
  @Post('posting-rules')
  @RequireGroups(...KEEPERS)
  @Idempotent('posting-rules')
  saveRules(@CurrentActor() actor: Actor, @Body() body: PostingRulesDto) {
    return this.rules.save(body, actor.username);
  }

  /** What a draft version would raise for the latest events, beside what they raised; nothing is stored. */
  @Post('posting-rules/dry-run')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  dryRun(@Body() body: PostingRulesDryRunDto) {
    return this.rules.dryRun(body, body.last ?? 50);
  }

  @Get('periods')
  periodList() {
    return this.periods.list();
  }

  @Get('periods/:period/checks')
  checks(@Param('period') period: string) {
    return this.periods.checks(periodParam(period));
  }

  /** 期末计提: what was approved and not paid at period end, Dr 5001 / Cr 2307. */
  @Post('periods/:period/accrue')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('period-accrue')
  accrue(@CurrentActor() actor: Actor, @Param('period') period: string) {
    return this.periods.accrue(periodParam(period), actor);
  }

  @Post('periods/:period/close')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('period-close')
  close(@CurrentActor() actor: Actor, @Param('period') period: string) {
    return this.periods.close(periodParam(period), actor);
  }

  /** Only another accountant or finance officer than the one who closed it. */
  @Post('periods/:period/reopen')
  @RequireGroups(...KEEPERS)
  @HttpCode(200)
  @Idempotent('period-reopen')
  reopen(@CurrentActor() actor: Actor, @Param('period') period: string, @Body() body: ReopenPeriodDto) {
    return this.periods.reopen(periodParam(period), actor, body.reason);
  }

  @Get('books/trial-balance')
  trialBalance(@Query('period') period: unknown) {
    return this.books.trialBalance(periodParam(period));
  }

  @Get('books/trial-balance/export')
  async exportTrialBalance(@Res() response: Response, @Query('period') period: unknown): Promise<void> {
    const p = periodParam(period);
    sendExport(response, await this.exports.trialBalance(p), `trial-balance-${p}.xlsx`, `科目余额表-${p}.xlsx`);
  }

  /** 明细账 of a subject from one period to another, filtered by any of unit, economicCode, functionalCode, project, person, supplier. */
  @Get('books/ledger')
  ledger(@Query() query: Record<string, unknown>) {
    const { subject, from, to, filter } = this.ledgerQuery(query);
    return this.books.ledger(subject, from, to, filter);
  }

  @Get('books/ledger/export')
  async exportLedger(@Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const { subject, from, to, filter } = this.ledgerQuery(query);
    sendExport(response, await this.exports.ledger(subject, from, to, filter), `ledger-${subject}-${from}-${to}.xlsx`, `明细账-${subject}-${from}-${to}.xlsx`);
  }

  @Get('books/final-accounts')
  finalAccounts(@Query('year') year: unknown) {
    return this.books.finalAccounts(yearParam(typeof year === 'string' ? year : ''));
  }

  @Get('books/final-accounts/export')
  async exportFinalAccounts(@Res() response: Response, @Query('year') year: unknown): Promise<void> {
    const y = yearParam(typeof year === 'string' ? year : '');
    sendExport(response, await this.exports.finalAccounts(y), `final-accounts-${y}.xlsx`, `决算-${y}.xlsx`);
  }

  private ledgerQuery(query: Record<string, unknown>) {
    const subject = subjectParam(query.subject);
    const from = periodParam(query.from, 'from');
    const to = optionalPeriod(query.to, 'to') ?? from;
    return { subject, from, to: to < from ? from : to, filter: dimensionFilter(query) };
  }
}
