import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BudgetService } from '../budget/budget.service';
import { ApprovalStep, Claim, ClaimStatus } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import { OrgService } from '../org/org.service';
import { AuditService } from '../audit/audit.service';
import { Finding, RouteStep, RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { findSplit, SplitCandidate, SplitFacts } from './split-facts';
import { preparedQuery } from '../database/prepared-query';

export const ROUTE = 'route';
const ROUTING_SET = 'routing';
const CLAIM_SET = 'claim';

export interface RouteOutcome {
  blocking: boolean;
  chain: ApprovalStep[];
  reimbursableFen: number;
  /** 自动审批: the rules let the claim through with no human step; its chain is empty. */
  autoApproved: boolean;
}

/** What the routing set concludes: the steps its route rules fired, and whether an auto-approval rule did. */
interface Routed {
  steps: RouteStep[];
  findings: Finding[];
  autoApproved: boolean;
}

/**
 * The last screening step: checks across the claimant's claims (`claim` rule set), works out the
 * approval chain (`routing` rule set), hands steps the claimant holds to someone else, and decides
 * whether the claim goes back to the claimant or on to approval.
 */
@Injectable()
export class RouteService implements SetEvaluator, OnModuleInit {
  readonly sets = [ROUTING_SET, CLAIM_SET];

  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: ClaimsService,
    private readonly org: OrgService,
    private readonly rules: RulesService,
    private readonly evaluators: SetEvaluatorRegistry,
    private readonly budget: BudgetService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.evaluators.register(this);
    this.rules.registerFact('splitClaims', async (almanac) => {
      const claim = (await almanac.factValue('claim')) as ReturnType<RouteService['claimFacts']>;
      const submittedOn = (await almanac.factValue('submittedOn')) as string;
      return this.splitFacts(claim, submittedOn);
    });
  }

  async screen(claimId: string): Promise<RouteOutcome> {
    const claim = await this.claims.findOrFail(claimId);
    const earlier = (await this.claims.findingsOf(claimId)).filter((finding) => finding.source !== ROUTE);
    const routing = this.rules.inForce(ROUTING_SET, claim.submittedOn);
    const claimRules = this.rules.inForce(CLAIM_SET, claim.submittedOn);
    const split = await this.splitOf(claim);
    const { findings, chain, autoApproved } = await this.decide(claim, routing, claimRules, earlier, split);
    const all = [...earlier, ...findings];
    const blocking = all.some((finding) => finding.severity === 'block');
    const cutFen = all.reduce((sum, finding) => sum + (finding.adjustFen ?? 0), 0);
    const reimbursableFen = Math.max(0, claim.totalFen - cutFen);
    await this.claims.recordScreening(claimId, ROUTE, findings, {
      status: blocking ? ClaimStatus.RETURNED : ClaimStatus.IN_APPROVAL,
      ruleVersions: { [ROUTING_SET]: routing.version, [CLAIM_SET]: claimRules.version },
      reimbursableFen,
      approvalChain: chain,
    });
    if (autoApproved && !blocking) {
      const reason = findings.find((finding) => (finding.facts as { autoApprove?: boolean }).autoApprove);
      // The decision nobody made by hand: the rule version that made it is named in the trail.
      await this.audit.record('claim.auto-approve', 'claim', claimId, null, {
        ruleSet: `${ROUTING_SET}@${routing.version}`,
        ruleId: reason?.ruleId ?? null,
        reason: reason?.messageZh ?? null,
        totalFen: claim.totalFen,
      }, 'system');
    }
    return { blocking, chain, reimbursableFen, autoApproved: autoApproved && !blocking };
  }

  async evaluateSet(set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome> {
    const earlier = (await this.claims.findingsOf(claim.id)).filter((finding) => finding.source !== ROUTE);
    const split = await this.splitOf(claim);
    const routing = set === ROUTING_SET ? definition : this.rules.inForce(ROUTING_SET, claim.submittedOn);
    const claimRules = set === CLAIM_SET ? definition : this.rules.inForce(CLAIM_SET, claim.submittedOn);
    const { findings, chain, autoApproved } = await this.decide(claim, routing, claimRules, earlier, split);
    const blocking = earlier.some((finding) => finding.severity === 'block');
    return { findings: set === CLAIM_SET ? findings.filter((f) => !f.facts.autoApprove) : findings.filter((f) => f.facts.autoApprove), route: chain.map((step) => step.step), autoApproved: autoApproved && !blocking };
  }

  /**
   * Both rule sets of the step: the routed chain with steps the claimant holds handed on, or — when
   * an auto-approval rule fired and the checks across claims found nothing above info — no chain.
   */
  private async decide(claim: Claim, routing: RuleSetDefinition, claimRules: RuleSetDefinition, earlier: Pick<ScreenedFinding, 'severity'>[], split: SplitFacts): Promise<{ findings: ScreenedFinding[]; chain: ApprovalStep[]; autoApproved: boolean }> {
    const routed = await this.routeSteps(claim, routing, earlier, split);
    const checked = await this.crossClaimChecks(claim, claimRules, routed.steps, split);
    const autoApproved = routed.autoApproved && checked.findings.every((finding) => finding.severity === 'info');
    const routingFindings = routed.findings
      .filter((finding) => autoApproved || !finding.autoApprove)
      .map((finding) => screenedFinding(finding, routing, finding.autoApprove ? { autoApprove: true } : {}));
    return { findings: [...routingFindings, ...checked.findings], chain: autoApproved ? [] : checked.chain, autoApproved };
  }

  /**
   * The split-claim facts, looked up once for both rule sets of the step: given to each evaluation,
   * they stand in for the registered `splitClaims` fact, which would query the claims again.
   */
  private splitOf(claim: Claim): Promise<SplitFacts> {
    return this.splitFacts(this.claimFacts(claim), claim.submittedOn);
  }

  private async routeSteps(claim: Claim, routing: RuleSetDefinition, findings: Pick<ScreenedFinding, 'severity'>[], splitClaims: SplitFacts): Promise<Routed> {
    const { route, findings: fired, autoApproved } = await this.rules.evaluate(routing, {
      claim: this.claimFacts(claim),
      splitClaims,
      findings: findings.map((finding) => ({ severity: finding.severity })),
      submittedOn: claim.submittedOn,
    });
    return { steps: route, findings: fired, autoApproved };
  }

  /** CLM-SPLIT and CLM-SELF-APPROVAL, and the chain with steps the claimant holds handed on. */
  private async crossClaimChecks(claim: Claim, claimRules: RuleSetDefinition, steps: RouteStep[], splitClaims: SplitFacts): Promise<{ findings: ScreenedFinding[]; chain: ApprovalStep[] }> {
    const claimant = await this.org.actor(claim.claimantId);
    const claimantGroups = claimant?.groups ?? [];
    const fundOwner = steps.some((step) => step.step === 'fund-owner') ? (await this.budget.lineForClaim({ unitId: claim.unitId, submittedOn: claim.submittedOn, budgetLine: claim.document.budgetLine }))?.ownerGroup : null;
    const resolved: ApprovalStep[] = steps.map((step) => ({ step: step.step, group: this.groupOf(step.step, claim, fundOwner), reason: step.reason }));
    const { findings } = await this.rules.evaluate(claimRules, {
      claim: this.claimFacts(claim),
      splitClaims,
      chain: resolved,
      claimantGroups,
      submittedOn: claim.submittedOn,
    });
    const substitutes = ((claimRules.data.selfApprovalSubstitutes as string[] | undefined) ?? []).filter((group) => !claimantGroups.includes(group));
    const chain: ApprovalStep[] = [];
    for (const step of resolved) {
      let next = step;
      if (claimantGroups.includes(step.group) && substitutes.length > 0) {
        next = { step: substitutes[0], group: substitutes[0], reason: step.reason, substitutedFor: step.step };
      }
      if (!chain.some((taken) => taken.group === next.group)) chain.push(next);
    }
    return { findings: findings.map((finding) => screenedFinding(finding, claimRules, {})), chain };
  }

  /** The engine candidate group that holds a step for this claim; a special fund's owner is the line's. */
  private groupOf(step: string, claim: Claim, fundOwner?: string | null): string {
    if (step === 'fund-owner' && fundOwner) return fundOwner;
    if (step === 'unit-head' || step === 'fund-owner') return `${step}:${claim.unit.code}`;
    return step;
  }

  private claimFacts(claim: Claim) {
    return {
      id: claim.id,
      claimantId: claim.claimantId,
      totalFen: claim.totalFen,
      budgetLine: claim.document.budgetLine,
      items: claim.document.items ?? [],
      invoices: claim.document.invoices,
    };
  }

  /** The claimant's other live claims to the same payees with invoices close in time, and the tier they cross together. */
  async splitFacts(claim: { id: string; claimantId: string; totalFen: number; items: SplitCandidate['items']; invoices: SplitCandidate['invoices'] }, submittedOn: string): Promise<SplitFacts> {
    const payees = [...new Set(claim.items.map((item) => item.payee))];
    const window = Number(this.rules.inForce(CLAIM_SET, submittedOn).data.splitWindowDays);
    const tiers = Object.values(this.rules.inForce(ROUTING_SET, submittedOn).data.thresholdsFen as Record<string, number>);
    if (payees.length === 0) return findSplit({ ...claim }, [], tiers, window);
    // One containment test per payee, so the GIN index on the items (claim_item_payees) answers it.
    const samePayee = payees.map((_, i) => `c.document->'items' @> $${i + 3}::jsonb`).join(' OR ');
    const others: { id: string; total_fen: string; status: string; document: { items?: SplitCandidate['items']; invoices: SplitCandidate['invoices'] } }[] =
      await preparedQuery(
        this.dataSource,
        `SELECT c.id, c.total_fen, c.status, c.document FROM claim c
         WHERE c.claimant_id = $1 AND c.id <> $2 AND c.status NOT IN ('REJECTED', 'WITHDRAWN') AND (${samePayee})`,
        [claim.claimantId, claim.id, ...payees.map((payee) => JSON.stringify([{ payee }]))],
      );
    return findSplit(
      claim,
      others.map((other) => ({ id: other.id, totalFen: Number(other.total_fen), status: other.status, items: other.document.items ?? [], invoices: other.document.invoices })),
      tiers,
      window,
    );
  }
}
