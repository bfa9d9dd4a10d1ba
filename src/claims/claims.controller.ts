import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { ClaimsService } from './claims.service';
import { ClaimDocument } from './dto/claim-document.dto';

@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post()
  submit(@CurrentActor() actor: Actor, @Body() body: ClaimDocument) {
    return this.claims.submit(actor, body);
  }

  /** The caller's own claims, newest first. */
  @Get()
  mine(@CurrentActor() actor: Actor) {
    return this.claims.listOwn(actor);
  }

  @Get(':id')
  view(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.claims.view(actor, id);
  }

  @Put(':id')
  resubmit(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ClaimDocument) {
    return this.claims.resubmit(actor, id, body);
  }
}
