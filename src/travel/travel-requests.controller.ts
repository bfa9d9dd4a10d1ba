import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { TravelRequestDto } from './dto/travel-request.dto';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import { TravelRequestsService } from './travel-requests.service';

@Controller('travel-requests')
export class TravelRequestsController {
  constructor(private readonly requests: TravelRequestsService) {}

  @Post()
  @Idempotent('travel-requests')
  submit(@CurrentActor() actor: Actor, @Body() body: TravelRequestDto) {
    return this.requests.submit(actor, body);
  }

  /** Requests the caller made or travels on, newest first. */
  @Get()
  mine(@CurrentActor() actor: Actor) {
    return this.requests.listOwn(actor);
  }

  @Get(':id/progress')
  progress(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.requests.progress(actor, id);
  }

  @Get(':id')
  view(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.requests.view(actor, id);
  }
}
