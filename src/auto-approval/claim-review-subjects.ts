import { Injectable, OnModuleInit } from '@nestjs/common';
import { claimLink } from '../claims/claim-subjects';
import { ClaimsService } from '../claims/claims.service';
import { RulesService } from '../rules/rules.service';
import type { Subject } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import type { AutoApprovalPolicy } from './auto-approval-facts';
import { CLAIM_REVIEW_KIND, CLAIM_REVIEW_PROCESS, ClaimReviewRow, ClaimReviewService } from './claim-review.service';

/**
 * Registers 事后抽查 reviews as subjects, so finance works them in 待办 like any step (同意 = 合规,
 * 驳回 = 不合规 with its reason), and registers the `claimantRecord` fact the auto-approval rule reads.
 * A review's id is its claim's: one review per claim, opened on the claim's page.
 */
@Injectable()
export class ClaimReviewSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly reviews: ClaimReviewService,
    private readonly claims: ClaimsService,
    private readonly rules: RulesService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: CLAIM_REVIEW_KIND,
      label: { zh: '事后抽查', en: 'After-the-fact review' },
      processKeys: [CLAIM_REVIEW_PROCESS],
      linkOf: (id) => `/claims/${id}`,
      load: async (ids) => this.subjects(await this.reviews.find(ids)),
      loadByInstances: async (ids) => this.subjects(await this.reviews.findByInstances(ids)),
      // Who may read the claim may read its review.
      assertVisible: (actor, id) => this.claims.assertVisible(actor, id),
    });
    // 关联查询 of a review starts from the claim it reviews (and from there its invoices, line and entries).
    this.registry.contributeLinks({ kinds: [CLAIM_REVIEW_KIND], links: async (review) => (await this.claims.findByIds([review.id])).map(claimLink) });
    this.rules.registerFact('claimantRecord', async (almanac) => {
      const claim = (await almanac.factValue('claim')) as { claimantId: string };
      const day = (await almanac.factValue('submittedOn')) as string;
      const policy = (await almanac.factValue('policy')) as { autoApproval?: AutoApprovalPolicy };
      return this.reviews.claimantRecord(claim.claimantId, day, Number(policy.autoApproval?.cleanRecordDays ?? 0));
    });
  }

  private async subjects(rows: ClaimReviewRow[]): Promise<Subject[]> {
    const sampled = rows.filter((row) => row.sampled);
    const claims = new Map((await this.claims.findByIds(sampled.map((row) => row.claimId))).map((claim) => [claim.id, claim]));
    return sampled.flatMap((row) => {
      const claim = claims.get(row.claimId);
      if (!claim) return [];
      return [{
        kind: CLAIM_REVIEW_KIND,
        id: claim.id,
        processInstanceId: row.processInstanceId,
        submitter: claim.claimant.username,
        submitterName: claim.claimant.displayName,
        unitCode: claim.unit.code,
        unitName: claim.unit.name,
        amountFen: claim.totalFen,
        title: claim.document.purpose ?? null,
        status: row.outcome ?? 'REVIEWING',
        submittedOn: claim.submittedOn,
        link: `/claims/${claim.id}`,
        chain: null,
        // Each review is read before it is decided: batch approval never takes one.
        clean: false,
      }];
    });
  }
}
