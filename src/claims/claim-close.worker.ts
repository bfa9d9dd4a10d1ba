import { Injectable } from '@nestjs/common';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { NotificationsService } from '../notifications/notifications.service';
import { ClaimStatus } from './claim.entities';
import { CLAIM_KIND, ClaimsService } from './claims.service';

const FINAL = [ClaimStatus.APPROVED, ClaimStatus.REJECTED];

/** Records the end of a claim's approval and tells the claimant: the process passes `outcome` as an input parameter. */
@Injectable()
@ExternalTaskWorker({ topic: 'claim-close', variables: ['claimId', 'outcome'] })
export class ClaimCloseWorker implements ExternalTaskHandler {
  constructor(private readonly claims: ClaimsService, private readonly notifications: NotificationsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const claimId = task.required<string>('claimId');
    const outcome = task.variable<string>('outcome') as ClaimStatus;
    if (!FINAL.includes(outcome)) throw new Error(`claim-close needs outcome APPROVED or REJECTED, got ${outcome}`);
    await this.claims.setStatus(claimId, outcome);
    const claim = await this.claims.findWithPeople(claimId);
    await this.notifications.notify([claim.claimant.username], {
      kind: outcome === ClaimStatus.APPROVED ? 'approved' : 'rejected',
      subject: { kind: CLAIM_KIND[claim.type], id: claimId },
      params: { purpose: claim.document.purpose ?? null },
      dedupe: `claim-close:${claimId}:${claim.submission}`,
    });
    return {};
  }
}
