import { Controller, Get, Param } from '@nestjs/common';
import { FormsService } from './forms.service';

@Controller('forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  /** Every form with the version in force. */
  @Get()
  list() {
    return this.forms.list();
  }

  /** The definition in force, as the browser renders it and the server validates against it. */
  @Get(':name')
  current(@Param('name') name: string) {
    return this.forms.current(name);
  }
}
