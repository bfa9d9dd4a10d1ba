import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ClaimStatus } from '../claims/claim.entities';
import { ClaimsService, REVISE_TASK } from '../claims/claims.service';
import { fenToYuan } from '../common/money';
import { EngineClient, EngineRequestError, EngineTask } from '../engine/engine-client';

/** Engine ids: uuids, or the numeric ids of an engine with the database id generator. */
const ENGINE_ID = /^[A-Za-z0-9-]{1,64}$/;
import type { Actor } from '../org/org.service';
import { BudgetAdjustmentsService } from '../budget/budget-adjustments.service';
import { TravelRequestsService } from '../travel/travel-requests.service';
import type { Decision } from './dto/complete-task.dto';
import { TaskAlreadyDecidedError, TaskDecisionNotAllowedError, TaskForbiddenError, TaskNotAnApprovalError, TaskNotFoundError } from './task.errors';

export interface TaskView {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  /** What the task is about: a claim or a travel request. */
  subject: 'claim' | 'travel-request' | 'budget-adjustment' | null;
  claimId: string | null;
  travelRequestId: string | null;
  budgetAdjustmentId: string | null;
  claimStatus: ClaimStatus | null;
  claimant: string | null;
  unit: string | null;
  amount: string | null;
  created: string;
  due: string | null;
  assignee: string | null;
}

@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    private readonly engine: EngineClient,
    private readonly claims: ClaimsService,
    private readonly travelRequests: TravelRequestsService,
    private readonly adjustments: BudgetAdjustmentsService,
    private readonly audit: AuditService,
  ) {}

  /** Tasks assigned to the caller or offered to them or to one of their groups, oldest first. */
  async list(actor: Actor): Promise<TaskView[]> {
    const tasks = await this.engine.queryTasks({ workableBy: { userId: actor.username, groups: actor.groups } });
    const instanceIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    const claims = await this.claims.findByProcessInstanceIds(instanceIds);
    const requests = await this.travelRequests.findByProcessInstanceIds(instanceIds);
    const adjustments = await this.adjustments.findByProcessInstanceIds(instanceIds);
    const adjustmentByInstance = new Map(adjustments.map((a) => [a.processInstanceId, a]));
    const byInstance = new Map(claims.map((claim) => [claim.processInstanceId, claim]));
    const requestByInstance = new Map(requests.map((request) => [request.processInstanceId, request]));
    return tasks.map((task) => {
      const claim = byInstance.get(task.processInstanceId);
      const request = requestByInstance.get(task.processInstanceId);
      const adjustment = adjustmentByInstance.get(task.processInstanceId);
      return {
        id: task.id,
        name: task.name,
        taskDefinitionKey: task.taskDefinitionKey,
        subject: claim ? 'claim' : request ? 'travel-request' : adjustment ? 'budget-adjustment' : null,
        claimId: claim?.id ?? null,
        travelRequestId: request?.id ?? null,
        budgetAdjustmentId: adjustment?.id ?? null,
        claimStatus: claim?.status ?? null,
        claimant: claim?.claimant.username ?? request?.requester.username ?? adjustment?.proposedBy ?? null,
        unit: claim?.unit.name ?? request?.unit.name ?? adjustment?.fromLine.unit.name ?? null,
        amount: claim ? fenToYuan(claim.totalFen) : request ? fenToYuan(request.estimateFen) : adjustment ? fenToYuan(adjustment.amountFen) : null,
        created: task.created,
        due: task.due,
        assignee: task.assignee,
      };
    });
  }

  /** Approves, rejects or returns the claim of an approval task the caller may work. */
  async complete(actor: Actor, taskId: string, decision: Decision, comment?: string): Promise<{ taskId: string; claimId: string | null; travelRequestId: string | null; decision: Decision }> {
    const task = ENGINE_ID.test(taskId) ? await this.engine.getTask(taskId) : null;
    if (!task) throw new TaskNotFoundError(taskId);
    const [claim] = await this.claims.findByProcessInstanceIds([task.processInstanceId]);
    const [request] = claim ? [] : await this.travelRequests.findByProcessInstanceIds([task.processInstanceId]);
    if (!(await this.mayWork(actor, task))) throw new TaskForbiddenError();
    if (task.taskDefinitionKey === REVISE_TASK) throw new TaskNotAnApprovalError(claim?.id);
    if (!claim && decision === 'return') throw new TaskDecisionNotAllowedError(decision);

    // The engine's history then shows who decided, and the comment sits with the task.
    try {
      await this.engine.setAssignee(task.id, actor.username);
      if (comment) await this.engine.addComment(task.id, `${actor.displayName}（${actor.username}）：${comment}`);
      await this.engine.completeTask(task.id, { decision, approver: actor.username, approvalComment: comment ?? '' });
    } catch (error) {
      // Two holders at once, or a withdrawal in between: the engine refuses the loser (task gone, changed
      // under it, or a lost optimistic lock); that is a conflict to report, not a server fault.
      if (error instanceof EngineRequestError && (error.status < 500 || /OptimisticLocking/.test(error.type ?? '') || !(await this.engine.getTask(task.id)))) {
        throw new TaskAlreadyDecidedError(task.id);
      }
      throw error;
    }
    if (decision === 'return' && claim) await this.claims.setStatus(claim.id, ClaimStatus.RETURNED);
    await this.audit.record(`task.${decision}`, 'task', task.id, { step: task.taskDefinitionKey, name: task.name }, { decision, comment: comment ?? null, claimId: claim?.id ?? null, travelRequestId: request?.id ?? null });
    this.logger.log(`task ${task.taskDefinitionKey} ${task.id} of ${claim ? `claim ${claim.id}` : `travel request ${request?.id}`}: ${decision} by ${actor.username}`);
    return { taskId: task.id, claimId: claim?.id ?? null, travelRequestId: request?.id ?? null, decision };
  }

  private async mayWork(actor: Actor, task: EngineTask): Promise<boolean> {
    if (task.assignee) return task.assignee === actor.username;
    const links = await this.engine.taskIdentityLinks(task.id);
    return links.some(
      (link) => link.type === 'candidate' && ((link.userId !== null && link.userId === actor.username) || (link.groupId !== null && actor.groups.includes(link.groupId))),
    );
  }
}
