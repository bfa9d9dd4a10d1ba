import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Claim } from '../claims/claim.entities';
import type { RuleSetDefinition } from '../rules/rules.service';
import { RulesService } from '../rules/rules.service';
import { screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { PAYMENT_SET } from './claim-payables';

/**
 * The payment rule set against a stored claim, for the dry run of a proposed version. The set is
 * evaluated when a claim is due for payment (待支付, a batch's lines), not in screening: the card
 * statement that would match a claim usually arrives after it was filed.
 */
@Injectable()
export class PaymentRulesEvaluator implements SetEvaluator, OnModuleInit {
  readonly sets = [PAYMENT_SET];

  constructor(private readonly evaluators: SetEvaluatorRegistry, private readonly rules: RulesService, private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.evaluators.register(this);
  }

  async evaluateSet(_set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome> {
    const [{ matches }] = await this.dataSource.query(`SELECT count(*)::int AS matches FROM card_transaction WHERE claim_id = $1`, [claim.id]);
    const subjects = [...new Set([claim.document.budgetLine.subject, ...(claim.document.items ?? []).map((item) => item.subject)])];
    const { findings } = await this.rules.evaluate(definition, { claim: { subjects, totalFen: claim.totalFen }, cardMatches: matches, submittedOn: claim.submittedOn });
    return { findings: findings.map((finding) => screenedFinding(finding, definition, {})) };
  }
}
