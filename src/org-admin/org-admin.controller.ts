import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { CreateUnitDto, CreateUserDto, PeopleQuery, SetGroupsDto, UpdateUnitDto, UpdateUserDto } from './dto/org-admin.dto';
import { OrgAdminService } from './org-admin.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';

/** 组织管理: units and people, kept by the process administrators. */
@Controller('org')
@RequireGroups('process-admin')
export class OrgAdminController {
  constructor(private readonly org: OrgAdminService) {}

  @Get('units')
  units() {
    return this.org.units();
  }

  @Post('units')
  @Idempotent('org')
  createUnit(@Body() body: CreateUnitDto) {
    return this.org.createUnit(body);
  }

  @Patch('units/:code')
  updateUnit(@Param('code') code: string, @Body() body: UpdateUnitDto) {
    return this.org.updateUnit(code, body);
  }

  @Get('users')
  people(@Query() query: PeopleQuery) {
    return this.org.people({ unit: query.unit, q: query.q, inactive: query.inactive === 'true' });
  }

  @Post('users')
  @Idempotent('org')
  createUser(@Body() body: CreateUserDto) {
    return this.org.createUser(body);
  }

  @Patch('users/:username')
  updateUser(@Param('username') username: string, @Body() body: UpdateUserDto) {
    return this.org.updateUser(username, body);
  }

  @Put('users/:username/groups')
  setGroups(@Param('username') username: string, @Body() body: SetGroupsDto) {
    return this.org.setGroups(username, body.groups);
  }

  /** Signs the person out for good and hands their open steps to their unit head. */
  @Post('users/:username/deactivate')
  @HttpCode(200)
  deactivate(@CurrentActor() actor: Actor, @Param('username') username: string) {
    return this.org.deactivate(actor, username);
  }

  @Post('users/:username/activate')
  @HttpCode(200)
  activate(@Param('username') username: string) {
    return this.org.activate(username);
  }
}
