import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { isCalendarDay } from '../common/dto-fields';
import { bilingual } from '../common/validation';
import { Actor, OrgService } from '../org/org.service';
import { PutStandardsDto, TripStandardsQuery } from './dto/standards.dto';
import { StandardsService } from './standards.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';

@Controller('standards')
export class StandardsController {
  constructor(private readonly standards: StandardsService, private readonly clock: Clock, private readonly org: OrgService) {}

  /** The travel standards in force on a day (today by default). */
  @Get()
  view(@Query('on') on?: string) {
    if (on !== undefined && !isCalendarDay(on)) {
      throw new RequestValidationError([{ field: 'on', message: bilingual('日期应为存在的日期，格式 YYYY-MM-DD', 'must be a real date as YYYY-MM-DD') }]);
    }
    return this.standards.view(on ?? this.clock.today());
  }

  /**
   * The standards a trip of one traveller is held to (lodging caps per city, allowances per day, seat
   * classes), so the form can show them beside what the user enters; the browser runs the same fact
   * code over them that screening runs.
   */
  @Get('trip')
  async forTrip(@CurrentActor() actor: Actor, @Query() query: TripStandardsQuery) {
    const traveller = await this.org.findUserByUsername(query.traveller);
    if (!traveller || traveller.unitId !== actor.unit.id) {
      throw new RequestValidationError([{ field: 'traveller', message: bilingual('出差人应为本单位人员', 'the traveller must be of your own unit') }]);
    }
    const cities = [...new Set((query.cities ?? '').split(',').map((c) => c.trim()).filter(Boolean))];
    return this.standards.forTrip({ destination: query.destination, start: query.start, end: query.start, legs: [], lodging: cities.map((city) => ({ city, nights: 1, amount: '0' })) }, traveller.tier);
  }

  /** Finance adds or replaces rows from an effective day (the spec gives the standards to finance). */
  @Put()
  @RequireGroups('finance')
  @Idempotent('standards')
  put(@CurrentActor() actor: Actor, @Body() body: PutStandardsDto) {
    return this.standards.put(body, actor.username);
  }
}
