import { Injectable, OnModuleInit } from '@nestjs/common';
import { Claim } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import type { LineFacts } from './budget-facts';
import { BudgetService } from './budget.service';

export const BUDGET_RESERVE = 'budget-reserve';
const SET = 'budget';
const WORKER = 'budget-reserve-worker';

/**
 * The budget step of screening: checks the line with the `budget` rule set and, unless a budget
 * rule blocks, makes the claim hold its total on the line. A reservation refused by a racing claim
 * is re-checked, so the finding shows the amount that was really left.
 */
@Injectable()
export class BudgetCheckService implements SetEvaluator, OnModuleInit {
  readonly sets = [SET];

  constructor(
    private readonly claims: ClaimsService,
    private readonly rules: RulesService,
    private readonly budget: BudgetService,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.register(this);
  }

  async screen(claimId: string): Promise<{ findings: number; reserved: boolean }> {
    const claim = await this.claims.findOrFail(claimId);
    const definition = this.rules.inForce(SET, claim.submittedOn);
    // The line and what the claim holds on it are looked up once, for the rules and the reservation.
    const line = await this.budget.lineForClaim({ unitId: claim.unitId, submittedOn: claim.submittedOn, budgetLine: claim.document.budgetLine });
    const facts = await this.budget.lineFacts({ id: claim.id, unitId: claim.unitId, submittedOn: claim.submittedOn, budgetLine: claim.document.budgetLine, document: claim.document }, { line });
    let { findings } = await this.evaluateSet(SET, claim, definition, facts);
    let reserved = false;
    if (findings.some((f) => f.severity === 'block') || !line) {
      await this.budget.releaseForClaim(claim, 'blocked', WORKER);
    } else {
      const outcome = await this.budget.reserveForClaim(claim, line, claim.totalFen, WORKER, facts.heldByClaimFen);
      reserved = outcome?.result !== 'insufficient';
      if (!reserved) ({ findings } = await this.evaluateSet(SET, claim, definition));
    }
    await this.claims.recordScreening(claimId, BUDGET_RESERVE, findings, { ruleVersions: { [SET]: definition.version } });
    return { findings: findings.length, reserved };
  }

  /** `budgetLine`, when the caller has it, stands in for the registered fact (which would look it up again). */
  async evaluateSet(_set: string, claim: Claim, definition: RuleSetDefinition, budgetLine?: LineFacts): Promise<SetOutcome> {
    const { findings } = await this.rules.evaluate(definition, {
      ...(budgetLine ? { budgetLine } : {}),
      claim: { id: claim.id, unitId: claim.unitId, submittedOn: claim.submittedOn, totalFen: claim.totalFen, budgetLine: claim.document.budgetLine, items: claim.document.items ?? [], document: claim.document },
      submittedOn: claim.submittedOn,
    });
    return { findings: findings.map((finding): ScreenedFinding => screenedFinding(finding, definition, { budgetLine: claim.document.budgetLine })) };
  }
}
