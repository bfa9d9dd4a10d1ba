import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ClaimReviewSubjects } from './claim-review-subjects';
import { ClaimReviewService } from './claim-review.service';
import { ClaimReviewCloseWorker, ClaimSampleWorker } from './claim-review.workers';

/** 自动审批's 事后抽查: sampling auto-approved claims, the review flow, and the claimant's record the rule reads. */
@Module({
  imports: [ClaimsModule],
  providers: [ClaimReviewService, ClaimSampleWorker, ClaimReviewCloseWorker, ClaimReviewSubjects],
  exports: [ClaimReviewService],
})
export class AutoApprovalModule {}
