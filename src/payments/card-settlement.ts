/** The 公务卡强制结算目录 as the payment rule set's data keeps it. */
export interface CardRequiredPolicy {
  overFen: number;
  subjects: { code: string; name: string }[];
}

export interface CardSettlementFacts {
  /** The claim's subjects that are in the catalogue. */
  listedSubjects: string[];
  totalFen: number;
  overFen: number;
  /** Card transactions matched to the claim's invoices. */
  matchedTransactions: number;
  /** Listed, above the threshold, and nothing paid by card: PAY-CARD-REQUIRED. */
  required: boolean;
}

/** Whether a claim should have been paid by 公务卡 and was not (財库〔2011〕160号). */
export function cardSettlement(claim: { subjects: string[]; totalFen: number }, matchedTransactions: number, policy: CardRequiredPolicy | undefined): CardSettlementFacts {
  const listed = new Set((policy?.subjects ?? []).map((s) => s.code));
  const listedSubjects = claim.subjects.filter((subject) => listed.has(subject));
  const overFen = policy?.overFen ?? Number.MAX_SAFE_INTEGER;
  return {
    listedSubjects,
    totalFen: claim.totalFen,
    overFen,
    matchedTransactions,
    required: listedSubjects.length > 0 && claim.totalFen > overFen && matchedTransactions === 0,
  };
}
