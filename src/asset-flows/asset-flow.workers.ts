import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { DisposalsService } from './disposals.service';
import { TransfersService } from './transfers.service';

const OUTCOMES = ['APPROVED', 'REJECTED'] as const;
type Outcome = (typeof OUTCOMES)[number];

function outcomeOf(task: WorkerTask, topic: string): Outcome {
  const outcome = task.variable<string>('outcome') as Outcome;
  if (!OUTCOMES.includes(outcome)) throw new Error(`${topic} needs outcome APPROVED or REJECTED, got ${outcome}`);
  return outcome;
}

/** The transfer's end: the cards move to the receiving unit, or go back to their status. */
@Injectable()
@ExternalTaskWorker({ topic: 'asset-transfer-close', variables: ['assetTransferId', 'outcome'] })
export class AssetTransferCloseWorker implements ExternalTaskHandler {
  constructor(private readonly transfers: TransfersService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    await this.transfers.close(task.required<string>('assetTransferId'), outcomeOf(task, 'asset-transfer-close'));
    return {};
  }
}

/** The disposal's end: the cards are disposed and the event published, or they go back to their status. */
@Injectable()
@ExternalTaskWorker({ topic: 'asset-disposal-close', variables: ['assetDisposalId', 'outcome'] })
export class AssetDisposalCloseWorker implements ExternalTaskHandler {
  constructor(private readonly disposals: DisposalsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    await this.disposals.close(task.required<string>('assetDisposalId'), outcomeOf(task, 'asset-disposal-close'));
    return {};
  }
}
