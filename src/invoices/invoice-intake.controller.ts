import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { InvoiceIntakeService } from './invoice-intake.service';

@Controller('invoices')
export class InvoiceIntakeController {
  constructor(private readonly intake: InvoiceIntakeService) {}

  /**
   * Reads an e-invoice original (multipart field `file`) into the row it proves: `{ fields, sources,
   * missing, problems, attachment }`. Unreadable: 422 saying what could not be read.
   */
  @Post('intake')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @Req() request: Request) {
    return this.intake.intake(actor, request);
  }
}
