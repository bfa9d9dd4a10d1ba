import { fenToYuan } from '../common/money';

/** The routing set's `autoApproval` data: limits, lists and the sampling of auto-approved claims. */
export interface AutoApprovalPolicy {
  /** Auto-approvable subjects and the highest amount each may carry, in fen. */
  limitsFen: Record<string, number>;
  subjectNames?: Record<string, { zh: string; en: string }>;
  /** A claimant with a returned claim or a 不合规 review within this many days waits for a person. */
  cleanRecordDays: number;
  /** Severities that keep a claim for a person. */
  holdSeverities: string[];
  /** Share of auto-approved claims sampled for review, in basis points (500 = 5 %). */
  sampleShareBp: number;
  /** Mixed into the hash of the claim id that decides the sample, so a new seed draws a new sample. */
  sampleSeed: string;
  /** Every auto-approved claim above this (fen) is sampled. */
  alwaysSampleAboveFen: number;
}

export interface AutoApprovalFacts {
  amountFen: number;
  /** The claim's subjects (its line's and its items'). */
  subjects: string[];
  /** Every subject of the claim is on the list. */
  listed: boolean;
  /** The lowest limit among the claim's subjects; null when one is not on the list. */
  limitFen: number | null;
  /** The subject whose limit binds. */
  subject: string | null;
  subjectName: { zh: string; en: string } | null;
  withinLimit: boolean;
  /** For the finding's message: `¥120.00`, `¥500.00`. */
  amount: string;
  limit: string | null;
}

const yuan = (fen: number) => `¥${fenToYuan(fen)}`;

/** Whether the claim's subjects are auto-approvable and its amount within their limit. */
export function autoApprovalFacts(amountFen: number, subjects: string[], policy: AutoApprovalPolicy | undefined): AutoApprovalFacts {
  const limits = policy?.limitsFen ?? {};
  const listed = subjects.length > 0 && subjects.every((subject) => Number.isInteger(limits[subject]));
  const binding = listed ? [...subjects].sort((a, b) => limits[a] - limits[b])[0] : null;
  const limitFen = binding ? limits[binding] : null;
  return {
    amountFen,
    subjects,
    listed,
    limitFen,
    subject: binding,
    subjectName: binding ? policy?.subjectNames?.[binding] ?? { zh: binding, en: binding } : null,
    withinLimit: limitFen !== null && amountFen <= limitFen,
    amount: yuan(amountFen),
    limit: limitFen === null ? null : yuan(limitFen),
  };
}
