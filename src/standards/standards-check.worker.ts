import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { STANDARDS_CHECK, StandardsCheckService } from './standards-check.service';

@Injectable()
@ExternalTaskWorker({ topic: STANDARDS_CHECK, variables: ['claimId'] })
export class StandardsCheckWorker implements ExternalTaskHandler {
  constructor(private readonly standards: StandardsCheckService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const claimId = task.required<string>('claimId');
    await this.standards.screen(claimId);
    return {};
  }
}
