import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { ASSET_READERS } from '../assets/asset-access';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import type { Actor } from '../org/org.service';
import { DepreciationService, periodInput } from './depreciation.service';
import { RunDepreciationDto } from './dto/run-depreciation.dto';

/** The monthly runs: finance and the books read them, leaders too; the accountant and finance run a month by hand. */
@Controller('depreciation')
@RequireGroups(...ASSET_READERS)
export class DepreciationController {
  constructor(private readonly depreciation: DepreciationService) {}

  @Get('runs')
  list() {
    return this.depreciation.list();
  }

  /** Books the month unless it has been: 201 when this call booked it, 200 with the earlier run when not. */
  @Post('runs')
  @RequireGroups('accountant', 'finance')
  @HttpCode(200)
  @Idempotent('depreciation-run')
  run(@CurrentActor() actor: Actor, @Body() dto: RunDepreciationDto) {
    return this.depreciation.run(periodInput(dto.period), actor);
  }

  @Get('runs/:period')
  async get(@Param('period') period: string) {
    const month = periodInput(period);
    return { run: await this.depreciation.get(month), lines: await this.depreciation.runLines(month) };
  }
}
