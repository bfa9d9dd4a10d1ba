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

/** What a dry run compares of a finding. */
export type ReplayedFinding = Pick<ScreenedFinding, 'ruleId' | 'severity' | 'facts'>;

/** A stored record other than a claim, as the dry run of a proposed rule-set version replays it. */
export interface ReplayedRecord {
  id: string;
  /** What a person recognises it by: the request's items, the contract or payment number. */
  label: string;
  submitter: string;
  submittedOn: string;
  /** The version it was screened with (or the one in force on its day). */
  current: RuleSetDefinition;
  /** The findings the given version reaches on the record as it stands now, recording nothing. */
  evaluate(definition: RuleSetDefinition): Promise<ReplayedFinding[]>;
}

/**
 * The rule sets that screen records of their own (procurement requests, contracts, contract
 * payments): their dry run replays the set's latest records instead of claims.
 */
export interface RecordReplayer {
  readonly sets: string[];
  /** The subject kind of the records, as the web app links them. */
  readonly kind: string;
  recent(set: string, limit: number): Promise<ReplayedRecord[]>;
}
