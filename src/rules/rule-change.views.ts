/** What a dry run of a rule-set draft answers; shared with the web app. */
export interface DryRunChange {
  claimId: string;
  claimant: string;
  submittedOn: string;
  currentVersion: number;
  added: string[];
  removed: string[];
  routeBefore?: string[];
  routeAfter?: string[];
}

export interface DryRun {
  set: string;
  proposedVersion: number;
  effectiveFrom: string;
  /** Both versions are evaluated now against the same data, so only the rule change shows. */
  basis: string;
  claims: number;
  changed: number;
  byRule: Record<string, { before: number; after: number }>;
  changes: DryRunChange[];
  /** 自动审批 among the claims: how many approve themselves, and their total, now and under the proposal. */
  autoApproval: {
    before: { claims: number; total: string };
    after: { claims: number; total: string };
    /** The claims the proposal would auto-approve, newest first. */
    claimIds: string[];
  };
}
