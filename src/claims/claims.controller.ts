import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import { ClaimsService } from './claims.service';
import { ClaimDocument } from './dto/claim-document.dto';

@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post()
  @Idempotent('claims')
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

  /** Where the claim stands on its BPMN diagram, from the engine's history. */
  @Get(':id/progress')
  progress(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.claims.progress(actor, id);
  }

  /** 撤回: the claimant takes the claim back before the first approval decision. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @Idempotent('claims')
  withdraw(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.claims.withdraw(actor, id);
  }

  @Put(':id')
  @Idempotent('claims')
  resubmit(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ClaimDocument) {
    return this.claims.resubmit(actor, id, body);
  }
}
