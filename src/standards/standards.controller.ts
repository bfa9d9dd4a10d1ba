import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { PutStandardsDto } from './dto/standards.dto';
import { StandardsService } from './standards.service';

@Controller('standards')
export class StandardsController {
  constructor(private readonly standards: StandardsService, private readonly clock: Clock) {}

  /** The travel standards in force on a day (today by default). */
  @Get()
  view(@Query('on') on?: string) {
    if (on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(on)) {
      throw new RequestValidationError([{ field: 'on', message: bilingual('日期格式应为 YYYY-MM-DD', 'must be a date as YYYY-MM-DD') }]);
    }
    return this.standards.view(on ?? this.clock.today());
  }

  /** Finance adds or replaces rows from an effective day. */
  @Put()
  @RequireGroups('finance')
  put(@CurrentActor() actor: Actor, @Body() body: PutStandardsDto) {
    return this.standards.put(body, actor.username);
  }
}
