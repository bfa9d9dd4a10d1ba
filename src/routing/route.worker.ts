import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { ApprovalDeadline } from '../common/approval-deadline';
import { ROUTE, RouteService } from './route.service';

/**
 * Writes the approval chain as process variables: `approvalChain`, the candidate groups in order
 * separated by commas, and `approvalSteps`, their number, which the sequential multi-instance
 * approval task walks.
 */
@Injectable()
@ExternalTaskWorker({ topic: ROUTE, lockDurationMs: 30_000, variables: ['claimId'] })
export class RouteWorker implements ExternalTaskHandler {
  constructor(private readonly route: RouteService, private readonly deadline: ApprovalDeadline) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const claimId = task.required<string>('claimId');
    const { blocking, chain } = await this.route.screen(claimId);
    return {
      blocking,
      approvalChain: chain.map((step) => step.group).join(','),
      approvalSteps: chain.length,
      approvalDue: this.deadline.dueFromNow(),
    };
  }
}
