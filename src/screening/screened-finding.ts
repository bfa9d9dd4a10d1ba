import type { Claim, ClaimFinding } from '../claims/claim.entities';
import type { Finding, RuleSetDefinition } from '../rules/rules.service';

/** A finding as screening stores it on the claim. */
export type ScreenedFinding = Pick<ClaimFinding, 'ruleId' | 'severity' | 'messageZh' | 'messageEn' | 'facts' | 'adjustFen'>;

/** Keeps which item of the claim a finding is about and which rule-set version decided it. */
export function screenedFinding(finding: Finding, definition: RuleSetDefinition, item: Record<string, unknown>): ScreenedFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    messageZh: finding.message.zh,
    messageEn: finding.message.en,
    facts: { ...item, ...finding.facts, ruleSet: `${definition.set}@${definition.version}` },
    adjustFen: finding.adjustFen ?? null,
  };
}

/** What one rule set concludes about a claim; `route` only for the routing set. */
export interface SetOutcome {
  findings: ScreenedFinding[];
  route?: string[];
  /** Only for the routing and claim sets: the claim would be approved with no human step. */
  autoApproved?: boolean;
}

/**
 * Evaluates rule sets against a stored claim without recording anything: used by the screening
 * steps and by the dry run of a proposed rule-set version.
 */
export interface SetEvaluator {
  readonly sets: string[];
  evaluateSet(set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome>;
}
