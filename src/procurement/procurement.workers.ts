import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { ProcurementStatus } from './procurement-request.entity';
import { ProcurementRequestsService } from './procurement-requests.service';

/** Screening at submission: the procurement rules; a block ends the request RETURNED, otherwise the approval loop starts. */
@Injectable()
@ExternalTaskWorker({ topic: 'procurement-screen', variables: ['procurementRequestId'] })
export class ProcurementScreenWorker implements ExternalTaskHandler {
  constructor(private readonly requests: ProcurementRequestsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const { blocking, chain } = await this.requests.screen(task.required<string>('procurementRequestId'));
    return { blocking, ...(blocking ? { approvalSteps: 0 } : this.requests.loopVariables(chain)) };
  }
}

const OUTCOMES = [ProcurementStatus.APPROVED, ProcurementStatus.REJECTED];

/** The end of approval: the process passes `outcome`; a rejection gives the reservation back. */
@Injectable()
@ExternalTaskWorker({ topic: 'procurement-request-close', variables: ['procurementRequestId', 'outcome'] })
export class ProcurementRequestCloseWorker implements ExternalTaskHandler {
  constructor(private readonly requests: ProcurementRequestsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const outcome = task.variable<string>('outcome') as ProcurementStatus.APPROVED | ProcurementStatus.REJECTED;
    if (!OUTCOMES.includes(outcome)) throw new Error(`procurement-request-close needs outcome APPROVED or REJECTED, got ${outcome}`);
    await this.requests.close(task.required<string>('procurementRequestId'), outcome);
    return {};
  }
}
