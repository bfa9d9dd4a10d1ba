import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { INVOICE_CHECK, InvoiceCheckService } from './invoice-check.service';

@Injectable()
@ExternalTaskWorker({ topic: INVOICE_CHECK, variables: ['claimId'] })
export class InvoiceCheckWorker implements ExternalTaskHandler {
  constructor(private readonly invoices: InvoiceCheckService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const claimId = task.required<string>('claimId');
    await this.invoices.screen(claimId);
    return {};
  }
}
