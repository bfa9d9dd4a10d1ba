import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { TravelRequestStatus } from './travel-request.entity';
import { TravelRequestsService } from './travel-requests.service';

const OUTCOMES = [TravelRequestStatus.APPROVED, TravelRequestStatus.REJECTED];

/** Records the end of a travel request's approval: the process passes `outcome` as an input parameter. */
@Injectable()
@ExternalTaskWorker({ topic: 'travel-request-close', variables: ['travelRequestId', 'outcome'] })
export class TravelRequestCloseWorker implements ExternalTaskHandler {
  constructor(private readonly requests: TravelRequestsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const id = task.required<string>('travelRequestId');
    const outcome = task.variable<string>('outcome') as TravelRequestStatus.APPROVED | TravelRequestStatus.REJECTED;
    if (!OUTCOMES.includes(outcome)) throw new Error(`travel-request-close needs outcome APPROVED or REJECTED, got ${outcome}`);
    await this.requests.close(id, outcome);
    return {};
  }
}
