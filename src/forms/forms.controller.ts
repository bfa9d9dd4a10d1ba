import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { IsObject } from 'class-validator';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import type { FormDefinition } from './form-version.entity';
import { RequestValidationError } from '../common/domain-error';
import { FormsService } from './forms.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';

class FormEditDto {
  @IsObject({ message: bilingual('definition 应为 Form.io 表单定义', 'definition must be a Form.io form definition') })
  definition!: FormDefinition & { components: unknown[] };
}

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

  /** A process administrator's edit from the builder: the next version, in force for new submissions. */
  @Put(':name')
  @RequireGroups('process-admin')
  @Idempotent('forms')
  edit(@CurrentActor() actor: Actor, @Param('name') name: string, @Body() body: FormEditDto) {
    if (!Array.isArray(body.definition.components)) {
      throw new RequestValidationError([{ field: 'definition.components', message: bilingual('表单需要组件列表', 'the form needs a list of components') }]);
    }
    return this.forms.addVersion(name, body.definition, actor.username);
  }
}
