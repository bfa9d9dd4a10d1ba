import { Controller, Get } from '@nestjs/common';
import { Clock } from '../common/clock';
import { RulesService } from '../rules/rules.service';
import type { DocumentRequirement } from './required-documents';

/** The documents set's table as in force today: the claim form's checklist reads what DOC-MISSING reads. */
@Controller('documents')
export class DocumentsController {
  constructor(private readonly rules: RulesService, private readonly clock: Clock) {}

  @Get('requirements')
  requirements(): { version: number; required: DocumentRequirement[] } {
    const set = this.rules.inForce('documents', this.clock.today());
    return { version: set.version, required: ((set.data ?? {}) as { required?: DocumentRequirement[] }).required ?? [] };
  }
}
