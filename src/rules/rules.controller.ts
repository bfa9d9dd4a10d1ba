import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { RuleSetVersionDto } from './dto/rule-set-version.dto';
import { RuleChangeService } from './rule-change.service';
import { RulesService } from './rules.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';

@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService, private readonly changes: RuleChangeService) {}

  /** Every rule set with its versions and effective days. */
  @Get()
  list() {
    return this.rules.list();
  }

  @Get(':set')
  detail(@Param('set') set: string) {
    return this.changes.detail(set);
  }

  /** Process administrators store a new version; the answer says how the latest claims would change. */
  @Put(':set')
  @RequireGroups('process-admin')
  @Idempotent('rules')
  addVersion(@CurrentActor() actor: Actor, @Param('set') set: string, @Body() body: RuleSetVersionDto) {
    return this.changes.addVersion(set, body, actor.username);
  }

  /** The same dry run without storing anything. */
  @Post(':set/dry-run')
  @HttpCode(200)
  @RequireGroups('process-admin')
  dryRun(@Param('set') set: string, @Body() body: RuleSetVersionDto) {
    return this.changes.dryRun(set, body);
  }
}
