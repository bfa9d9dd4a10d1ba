import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentActor, RequireGroups } from '../auth/auth.guard';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { ProcessLintService } from './process-lint.service';
import { ProcessesService } from './processes.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';

export class BpmnDto {
  @IsString({ message: bilingual('请提供 BPMN XML', 'xml must be the BPMN XML') })
  @MinLength(20, { message: bilingual('请提供 BPMN XML', 'xml must be the BPMN XML') })
  @MaxLength(2_000_000, { message: bilingual('模型太大', 'the model is too large') })
  xml!: string;
}

/** 流程管理, for process administrators only. */
@Controller('processes')
@RequireGroups('process-admin')
export class ProcessesController {
  constructor(private readonly processes: ProcessesService, private readonly lint: ProcessLintService) {}

  @Get()
  list() {
    return this.processes.list();
  }

  /** The topics the workers serve: the modeler checks external tasks against them. */
  @Get('topics')
  topics() {
    return this.lint.topics();
  }

  /** A version's BPMN, to open in the modeler or download as `.bpmn`. */
  @Get(':key/versions/:version/xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  xml(@Param('key') key: string, @Param('version', ParseIntPipe) version: number) {
    return this.processes.xml(key, version);
  }

  @Post('lint')
  @HttpCode(200)
  check(@Body() body: BpmnDto) {
    return this.lint.lint(body.xml);
  }

  @Post('deploy')
  @HttpCode(201)
  @Idempotent('processes')
  deploy(@CurrentActor() actor: Actor, @Body() body: BpmnDto) {
    return this.processes.deploy(body.xml, actor.username);
  }
}
