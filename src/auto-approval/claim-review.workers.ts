import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { ClaimReviewService } from './claim-review.service';

/** The claim flows' last step: an auto-approved claim has its 事后抽查 sample drawn; a sampled one gets its review. */
@Injectable()
@ExternalTaskWorker({ topic: 'claim-sample', variables: ['claimId'] })
export class ClaimSampleWorker implements ExternalTaskHandler {
  constructor(private readonly reviews: ClaimReviewService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const decision = await this.reviews.sampleIfAutoApproved(task.required<string>('claimId'));
    return { sampledForReview: decision?.sampled ?? false };
  }
}

/** The review flow's end: 同意 records 合规, 驳回 records 不合规 with the reviewer's comment as the reason. */
@Injectable()
@ExternalTaskWorker({ topic: 'claim-review-close', variables: ['claimId', 'decision', 'approver', 'approvalComment'] })
export class ClaimReviewCloseWorker implements ExternalTaskHandler {
  constructor(private readonly reviews: ClaimReviewService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const decision = task.required<string>('decision');
    if (decision !== 'approve' && decision !== 'reject') throw new Error(`claim-review-close needs decision approve or reject, got ${decision}`);
    const outcome = decision === 'approve' ? 'COMPLIANT' : 'NONCOMPLIANT';
    await this.reviews.recordOutcome(task.required<string>('claimId'), outcome, task.variable<string>('approvalComment') ?? null, task.required<string>('approver'));
    return { reviewOutcome: outcome };
  }
}
