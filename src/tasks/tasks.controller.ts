import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { ApprovalOperationsService } from './approval-operations.service';
import { CompleteTaskDto } from './dto/complete-task.dto';
import { AddSignerDto, BatchApproveDto, CopyDto, OptionalCommentDto, PersonDto, RequiredCommentDto, ReturnDto, TaskListQuery } from './dto/task-operations.dto';
import { SubjectParams } from '../subjects/subject-params.dto';
import { RelatedRecordsService } from './related-records.service';
import { TasksService } from './tasks.service';
import { Idempotent } from '../idempotency/idempotency.interceptor';

/** The approvers' task lists and every operation on a step. */
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService, private readonly operations: ApprovalOperationsService) {}

  /** 待办 (default), 已办 (`view=done`) or 抄送我的 (`view=copied`), paged: `{ items, total, page, size }`. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: TaskListQuery) {
    if (query.view === 'done') return this.tasks.done(actor, query);
    if (query.view === 'copied') return this.tasks.copied(actor, query);
    return this.tasks.todo(actor, query);
  }

  /** The menu's counts: open steps, unread copies, unread notifications. */
  @Get('counts')
  counts(@CurrentActor() actor: Actor) {
    return this.tasks.counts(actor);
  }

  @Post('batch-approve')
  @HttpCode(200)
  @Idempotent('tasks')
  batchApprove(@CurrentActor() actor: Actor, @Body() body: BatchApproveDto) {
    return this.operations.batchApprove(actor, body.taskIds, body.comment);
  }

  @Get(':id')
  detail(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.tasks.detail(actor, id);
  }

  /** The first form of the API: approve, reject or return to the submitter in one call. */
  @Post(':id/complete')
  @HttpCode(200)
  @Idempotent('tasks')
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CompleteTaskDto) {
    if (body.decision === 'reject') return this.operations.reject(actor, id, body.comment!);
    if (body.decision === 'return') return this.operations.returnToSubmitter(actor, id, body.comment!);
    return this.operations.approve(actor, id, body.comment);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Idempotent('tasks')
  approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OptionalCommentDto) {
    return this.operations.approve(actor, id, body.comment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Idempotent('tasks')
  reject(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RequiredCommentDto) {
    return this.operations.reject(actor, id, body.comment);
  }

  /** 退回: to the submitter (default) or to the previous step's approver (`to: previous`). */
  @Post(':id/return')
  @HttpCode(200)
  @Idempotent('tasks')
  return(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReturnDto) {
    return body.to === 'previous' ? this.operations.returnToPrevious(actor, id, body.comment) : this.operations.returnToSubmitter(actor, id, body.comment);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Idempotent('tasks')
  transfer(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PersonDto) {
    return this.operations.transfer(actor, id, body.to, body.comment);
  }

  @Post(':id/delegate')
  @HttpCode(200)
  @Idempotent('tasks')
  delegate(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PersonDto) {
    return this.operations.delegate(actor, id, body.to, body.comment);
  }

  /** The delegate sends the step back to the delegator with an opinion. */
  @Post(':id/resolve')
  @HttpCode(200)
  @Idempotent('tasks')
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OptionalCommentDto) {
    return this.operations.resolve(actor, id, body.comment);
  }

  @Post(':id/add-signer')
  @HttpCode(200)
  @Idempotent('tasks')
  addSigner(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AddSignerDto) {
    return this.operations.addSigner(actor, id, body.to, body.position, body.comment);
  }
}

/** Operations on a subject as a whole, whatever its kind: 关联查询, copy it to people, urge its current step. */
@Controller('subjects')
export class SubjectOperationsController {
  constructor(private readonly operations: ApprovalOperationsService, private readonly related: RelatedRecordsService, private readonly tasks: TasksService) {}

  /** The kinds of record approvals know (the task list's kind filter), with their names. */
  @Get()
  kinds() {
    return this.tasks.kinds();
  }

  /** 关联查询: every linked record a hop or two away, with each subject's approval history. */
  @Get(':kind/:id/related')
  async relatedRecords(@CurrentActor() actor: Actor, @Param() subject: SubjectParams) {
    const records = await this.related.related(actor, subject);
    await this.tasks.markCopyRead(actor, subject);
    return records;
  }

  @Post(':kind/:id/copy')
  @HttpCode(200)
  @Idempotent('subjects')
  copy(@CurrentActor() actor: Actor, @Param() subject: SubjectParams, @Body() body: CopyDto) {
    return this.operations.copy(actor, subject, body.to, body.comment);
  }

  @Post(':kind/:id/urge')
  @HttpCode(200)
  @Idempotent('subjects')
  urge(@CurrentActor() actor: Actor, @Param() subject: SubjectParams, @Body() body: OptionalCommentDto) {
    return this.operations.urge(actor, subject, body.comment);
  }
}
