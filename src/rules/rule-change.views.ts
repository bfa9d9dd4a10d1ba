/** What a dry run of a rule-set draft answers; shared with the web app. */
export interface DryRunChange {
  /** The subject kind of the record replayed: `claim`, `procurement-request`, `contract`, `contract-payment`. */
  kind: string;
  recordId: string;
  /** What a person recognises the record by (the claimant for claims, the number for contracts). */
  label: string;
  submitter: string;
  /** For claims, as the claim sets' callers read them. */
  claimId?: string;
  claimant?: string;
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
  /** What was replayed: claims, or the set's own records (procurement requests, contracts, contract payments). */
  kind: string;
  records: number;
  /** The claims replayed (0 for the sets with records of their own). */
  claims: number;
  changed: number;
  byRule: Record<string, { before: number; after: number }>;
  changes: DryRunChange[];
  /** 自动审批 among the claims: how many approve themselves, and their total, now and under the proposal (claim sets only). */
  autoApproval?: {
    before: { claims: number; total: string };
    after: { claims: number; total: string };
    /** The claims the proposal would auto-approve, newest first. */
    claimIds: string[];
  };
}
