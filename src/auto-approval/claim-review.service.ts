import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditContextCte } from '../audit/audit-context';
import { ClaimsService } from '../claims/claims.service';
import { Clock } from '../common/clock';
import { dayNumber } from '../common/days';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { EngineClient } from '../engine/engine-client';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgService } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { ApprovalStep, loopStartVariables } from '../subjects/approval-loop';
import type { AutoApprovalPolicy } from './auto-approval-facts';
import { SampleDecision, sampleDecision } from './sampling';

export const CLAIM_REVIEW_KIND = 'claim-review';
export const CLAIM_REVIEW_PROCESS = 'claim-review';
export const AUTO_APPROVE_RULE = 'RTE-AUTO-APPROVE';
export type ReviewOutcome = 'COMPLIANT' | 'NONCOMPLIANT';

export interface ClaimReviewRow {
  claimId: string;
  sampled: boolean;
  sampleReason: 'share' | 'over-limit' | null;
  draw: number;
  shareBp: number;
  ruleVersion: number;
  outcome: ReviewOutcome | null;
  reason: string | null;
  reviewer: string | null;
  reviewedAt: string | null;
  processInstanceId: string | null;
}

/** The one step of a review: finance reads the claim and records 合规 or 不合规. */
const REVIEW_CHAIN: ApprovalStep[] = [{ step: 'finance', group: 'finance', reason: { zh: '事后抽查：财务复核自动审批的报销单', en: 'After-the-fact sample: finance reviews an auto-approved claim' } }];

/**
 * 事后抽查 of auto-approved claims: the sample is drawn (and recorded) once the claim is approved,
 * a sampled claim gets a review flow finance works in its task list, and the review's outcome is
 * kept; a 不合规 one tells the claimant and their unit head and keeps the claimant out of
 * auto-approval for the routing set's `cleanRecordDays`. Nothing here holds up the claim.
 */
@Injectable()
export class ClaimReviewService {
  private readonly logger = new Logger(ClaimReviewService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: ClaimsService,
    private readonly rules: RulesService,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {}

  /** The claimant's returned claims and 不合规 reviews in the `days` up to and including `day`. */
  async claimantRecord(claimantId: string, day: string, days: number): Promise<{ returnedClaims: number; nonCompliantReviews: number; days: number }> {
    const [row] = await this.dataSource.query(
      `SELECT
         (SELECT count(DISTINCT e.entity_id) FROM claim c JOIN audit_event e ON e.entity = 'claim' AND e.entity_id = c.id::text
           WHERE c.claimant_id = $1 AND e.after->>'status' = 'RETURNED'
             AND e.at >= $2::date - $3::int AND e.at < $2::date + 1) AS returned,
         (SELECT count(*) FROM claim c JOIN claim_review r ON r.claim_id = c.id
           WHERE c.claimant_id = $1 AND r.outcome = 'NONCOMPLIANT'
             AND r.reviewed_at >= $2::date - $3::int AND r.reviewed_at < $2::date + 1) AS noncompliant`,
      [claimantId, day, days],
    );
    return { returnedClaims: Number(row.returned), nonCompliantReviews: Number(row.noncompliant), days };
  }

  /**
   * Called when a claim is approved: an auto-approved one has its sample drawn under the routing
   * version it was approved by, and a sampled one gets its review flow. Repeating it changes nothing.
   */
  async sampleIfAutoApproved(claimId: string): Promise<SampleDecision | null> {
    const claim = await this.claims.findOrFail(claimId);
    const findings = await this.claims.findingsOf(claimId);
    const auto = (claim.approvalChain ?? []).length === 0 && findings.some((finding) => finding.ruleId === AUTO_APPROVE_RULE);
    if (!auto) return null;
    const routing = this.rules.version('routing', claim.ruleVersions.routing, claim.submittedOn);
    const policy = routing.data.autoApproval as AutoApprovalPolicy;
    const decision = sampleDecision(claimId, claim.totalFen, policy);
    const params: unknown[] = [claimId, decision.sampled, decision.reason, decision.draw, policy.sampleShareBp, routing.version];
    await this.dataSource.query(
      `WITH ${auditContextCte(params)}
       INSERT INTO claim_review (claim_id, sampled, sample_reason, draw, share_bp, rule_version)
       SELECT $1, $2, $3, $4, $5, $6 FROM audit_ctx ON CONFLICT (claim_id) DO NOTHING`,
      params,
    );
    const [row] = await this.find([claimId]);
    if (row.sampled && !row.processInstanceId) await this.startReview(row, claim.unit.code, claim.totalFen);
    return { draw: row.draw, sampled: row.sampled, reason: row.sampleReason };
  }

  private async startReview(row: ClaimReviewRow, unitCode: string, amountFen: number): Promise<void> {
    // The business key is the subject's id, as for every kind: the task list's `subject` filter reads it.
    const instance = await this.engine.startProcessOnce(CLAIM_REVIEW_PROCESS, row.claimId, {
      claimId: row.claimId,
      unitCode,
      amountFen,
      submittedOn: dayNumber(this.clock.today()),
      ...loopStartVariables(REVIEW_CHAIN, this.deadline.fromNow()),
    });
    await this.dataSource.query(`UPDATE claim_review SET process_instance_id = $2 WHERE claim_id = $1 AND process_instance_id IS NULL`, [row.claimId, instance.id]);
    this.logger.log(`claim ${row.claimId} sampled (${row.sampleReason}, draw ${row.draw}) for review`);
  }

  /** Keeps the review's outcome once; a 不合规 one tells the claimant and their unit head. */
  async recordOutcome(claimId: string, outcome: ReviewOutcome, reason: string | null, reviewer: string): Promise<void> {
    const params: unknown[] = [claimId, outcome, reason?.trim() || null, reviewer];
    const updated: unknown[] = await this.dataSource.query(
      `WITH ${auditContextCte(params)}
       UPDATE claim_review SET outcome = $2, reason = $3, reviewer = $4, reviewed_at = now()
         FROM audit_ctx WHERE claim_id = $1 AND sampled AND outcome IS NULL RETURNING claim_id`,
      params,
    );
    if (updated.length === 0) return;
    if (outcome !== 'NONCOMPLIANT') return;
    const claim = await this.claims.findWithPeople(claimId);
    const unitHeads = (await this.org.membersOfGroups([`unit-head:${claim.unit.code}`])).get(`unit-head:${claim.unit.code}`) ?? [];
    await this.notifications.notify([claim.claimant.username, ...unitHeads.map((m) => m.username)], {
      kind: 'review-noncompliant',
      subject: { kind: CLAIM_REVIEW_KIND, id: claimId },
      actor: reviewer,
      params: { purpose: claim.document.purpose ?? null, comment: reason },
      dedupe: `claim-review:${claimId}`,
    });
  }

  async find(claimIds: string[]): Promise<ClaimReviewRow[]> {
    if (claimIds.length === 0) return [];
    const rows: Record<string, any>[] = await this.dataSource.query(`SELECT * FROM claim_review WHERE claim_id = ANY($1)`, [claimIds]);
    return rows.map(toRow);
  }

  async findByInstances(instanceIds: string[]): Promise<ClaimReviewRow[]> {
    if (instanceIds.length === 0) return [];
    const rows: Record<string, any>[] = await this.dataSource.query(`SELECT * FROM claim_review WHERE process_instance_id = ANY($1)`, [instanceIds]);
    return rows.map(toRow);
  }
}

function toRow(r: Record<string, any>): ClaimReviewRow {
  return {
    claimId: r.claim_id,
    sampled: r.sampled,
    sampleReason: r.sample_reason,
    draw: r.draw,
    shareBp: r.share_bp,
    ruleVersion: r.rule_version,
    outcome: r.outcome,
    reason: r.reason,
    reviewer: r.reviewer,
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
    processInstanceId: r.process_instance_id,
  };
}
