import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { PaymentBatchesService } from './payment-batches.service';

/** Records the end of a batch's approval: the process passes `outcome` as an input parameter. */
@Injectable()
@ExternalTaskWorker({ topic: 'payment-batch-close', variables: ['batchId', 'outcome'] })
export class PaymentBatchCloseWorker implements ExternalTaskHandler {
  constructor(private readonly batches: PaymentBatchesService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const outcome = task.variable<string>('outcome');
    if (outcome !== 'APPROVED' && outcome !== 'REJECTED') throw new Error(`payment-batch-close needs outcome APPROVED or REJECTED, got ${outcome}`);
    await this.batches.close(task.required<string>('batchId'), outcome);
    return {};
  }
}
