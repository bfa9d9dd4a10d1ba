import { Injectable } from '@nestjs/common';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { stepVariables } from '../subjects/approval-loop';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { ROUTE, RouteService } from './route.service';

/**
 * Puts the first step of the approval chain in front of its holder: the approval task is a loop
 * over the chain the claim keeps, walked by the task operations (`approvalIndex` and the step's
 * group, assignee and due dates). `approvalChain` keeps the route's groups for the engine's history.
 */
@Injectable()
@ExternalTaskWorker({ topic: ROUTE, variables: ['claimId'] })
export class RouteWorker implements ExternalTaskHandler {
  constructor(private readonly route: RouteService, private readonly deadline: ApprovalDeadline) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const claimId = task.required<string>('claimId');
    const { blocking, chain, autoApproved } = await this.route.screen(claimId);
    return {
      blocking,
      autoApproved,
      approvalChain: chain.map((step) => step.group).join(','),
      // An empty chain (自动审批) takes the flow past the approval task to the budget commit.
      approvalSteps: chain.length,
      approvalNext: blocking ? 'end' : chain.length === 0 ? 'done' : 'step',
      ...(chain.length > 0 ? stepVariables(chain, 0, this.deadline.fromNow()) : {}),
    };
  }
}
