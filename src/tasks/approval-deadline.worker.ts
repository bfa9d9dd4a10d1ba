import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { EngineClient } from '../engine/engine-client';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgService } from '../org/org.service';
import { REVISE_TASK } from '../subjects/approval-loop';
import { ApprovalAction } from '../subjects/approval.entities';
import { SubjectRegistry } from '../subjects/subject-registry';
import { processKeyOf } from './subject-summary';
import { ApprovalOperationsService } from './approval-operations.service';

/** Who is told when a step is escalated: the deputy chief in charge. */
const ESCALATION_GROUP = 'deputy-chief';

/**
 * The approval step's deadline timers: at `approvalDue` the holder is reminded; one period later
 * the step is escalated — the deputy chief in charge is notified and the task shows as escalated.
 * Timers fire on the engine's job executor; this only words and records what they mean.
 */
@Injectable()
@ExternalTaskWorker({ topic: 'approval-deadline', variables: ['stage'] })
export class ApprovalDeadlineWorker implements ExternalTaskHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly operations: ApprovalOperationsService,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly subjects: SubjectRegistry,
  ) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const stage = task.required<'remind' | 'escalate'>('stage');
    const open = (await this.engine.queryTasks({ processInstanceId: task.processInstanceId })).filter((t) => t.taskDefinitionKey !== REVISE_TASK);
    if (open.length === 0) return {};
    const subject = (await this.subjects.byInstances([{ processInstanceId: task.processInstanceId, processDefinitionKey: processKeyOf(open[0].processDefinitionId) }])).get(task.processInstanceId);
    const ref = subject ? { kind: subject.kind, id: subject.id } : null;
    for (const step of open) {
      // A replayed delivery records and notifies once: the action is keyed by task and stage.
      const operation = stage === 'remind' ? 'remind' : 'escalate';
      const already = await this.dataSource.getRepository(ApprovalAction).count({ where: { taskId: step.id, operation } });
      if (already > 0) continue;
      const holders = await this.operations.holdersOf(step);
      const recipients = stage === 'remind' ? holders : [...((await this.org.membersOfGroups([ESCALATION_GROUP])).get(ESCALATION_GROUP) ?? []).map((m) => m.username)];
      await this.dataSource.getRepository(ApprovalAction).insert({
        processInstanceId: task.processInstanceId,
        taskId: step.id,
        subjectKind: subject?.kind ?? null,
        subjectId: subject?.id ?? null,
        unitCode: subject?.unitCode ?? null,
        amountFen: subject?.amountFen ?? null,
        step: step.taskDefinitionKey,
        stepIndex: null,
        operation,
        actor: 'system',
        target: recipients.join(',') || null,
        comment: null,
      });
      await this.notifications.notify(recipients, {
        kind: stage === 'remind' ? 'overdue' : 'escalated',
        subject: ref,
        taskId: step.id,
        params: { step: step.name, due: step.due, holders },
        dedupe: `${operation}:${step.id}`,
      });
    }
    return {};
  }
}
