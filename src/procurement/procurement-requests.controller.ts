import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { RequestValidationError } from '../common/domain-error';
import { MONEY_PATTERN, yuanToFen } from '../common/money';
import { bilingual } from '../common/validation';
import { Clock } from '../common/clock';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { AwardDto, ProcurementRequestDto, QuoteDto } from './dto/procurement-request.dto';
import { ProcurementPolicy } from './procurement-policy';
import { ProcurementRequestsService } from './procurement-requests.service';

@Controller('procurement')
export class ProcurementRequestsController {
  constructor(private readonly requests: ProcurementRequestsService, private readonly policy: ProcurementPolicy, private readonly clock: Clock) {}

  /** The 品目 catalogue and the thresholds in force, for the request form's live method proposal. */
  @Get('policy')
  formPolicy() {
    return this.policy.forForm(this.clock.today());
  }

  /** The method the server proposes for a category and amount (the form computes the same in the browser). */
  @Get('proposal')
  proposal(@Query('category') category?: string, @Query('amount') amount?: string) {
    const errors = [];
    if (typeof category !== 'string' || !this.policy.isKnownCategory(category)) errors.push({ field: 'category', message: bilingual('品目编码不在政府采购品目分类目录中', 'not a category of the procurement catalogue') });
    if (typeof amount !== 'string' || !MONEY_PATTERN.test(amount)) errors.push({ field: 'amount', message: bilingual('金额格式应为元，最多两位小数', 'must be an amount in yuan') });
    if (errors.length > 0) throw new RequestValidationError(errors);
    return this.requests.propose(category!, yuanToFen(amount!));
  }

  @Post('requests')
  @Idempotent('procurement-requests')
  submit(@CurrentActor() actor: Actor, @Body() body: ProcurementRequestDto) {
    return this.requests.submit(actor, body);
  }

  /** The requests the caller may see (own; a unit head's units; everything for procurement, finance and leaders). */
  @Get('requests')
  list(@CurrentActor() actor: Actor, @Query('status') status?: string, @Query('scope') scope?: string) {
    return this.requests.list(actor, { status: typeof status === 'string' ? status : undefined, scope: typeof scope === 'string' ? scope : undefined });
  }

  @Get('requests/:id')
  view(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.requests.view(actor, id);
  }

  @Post('requests/:id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.requests.withdraw(actor, id);
  }

  @Post('requests/:id/quotes')
  @RequireGroups('procurement')
  @Idempotent('procurement-quotes')
  quote(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: QuoteDto) {
    return this.requests.addQuote(actor, id, body);
  }

  @Post('requests/:id/award')
  @HttpCode(200)
  @RequireGroups('procurement')
  @Idempotent('procurement-awards-on-request')
  award(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AwardDto) {
    return this.requests.award(actor, id, body);
  }
}
