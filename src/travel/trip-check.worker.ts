import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { TRIP_CHECK, TripCheckService } from './trip-check.service';

@Injectable()
@ExternalTaskWorker({ topic: TRIP_CHECK, variables: ['claimId'] })
export class TripCheckWorker implements ExternalTaskHandler {
  constructor(private readonly trips: TripCheckService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const claimId = task.required<string>('claimId');
    await this.trips.screen(claimId);
    return {};
  }
}
