/** What the budget rules see of the line a claim charges (looked up in the database). */
export interface LineFacts {
  found: boolean;
  lineId: string | null;
  fiscalYear: number;
  controlMode: 'FORBID' | 'WARN' | 'ALLOW';
  fundType: 'basic' | 'special' | null;
  fundName: string | null;
  fundSubjects: string[];
  availableFen: number;
  /** What this claim already holds reserved on the line (from an earlier submission). */
  heldByClaimFen: number;
  /** What the approved travel requests of the claim's trips hold on the line: the claim takes it over. */
  takeoverFen: number;
  /** Reserved and committed on the line by everything but this claim. */
  usedByOthersFen: number;
  lastYearActualFen: number | null;
  /** When no line is found: what was looked for, and the special funds the unit has for the subject. */
  sought?: { fiscalYear: number; subject: string; fund: 'basic' | 'special'; name: string | null; specialFunds: string[] };
}

export interface BudgetNeed {
  amountFen: number;
  /** What the claim needs beyond what it holds and what is available; 0 when covered. */
  shortFen: number;
  controlMode: LineFacts['controlMode'];
  availableFen: number;
  found: boolean;
}

export function budgetNeed(line: LineFacts, amountFen: number): BudgetNeed {
  const coverable = line.found ? line.availableFen + line.heldByClaimFen + line.takeoverFen : 0;
  return { amountFen, shortFen: Math.max(0, amountFen - coverable), controlMode: line.found ? line.controlMode : 'FORBID', availableFen: line.found ? line.availableFen : 0, found: line.found };
}

export interface SpecialFundCheck {
  applies: boolean;
  fundName: string | null;
  allowedSubjects: string[];
  /** Subjects of the claim the fund may not pay for. */
  outside: string[];
  count: number;
}

export function specialFundCheck(line: LineFacts, subjects: string[]): SpecialFundCheck {
  const applies = line.found && line.fundType === 'special';
  const outside = applies ? subjects.filter((subject) => !line.fundSubjects.includes(subject)) : [];
  return { applies, fundName: line.fundName, allowedSubjects: line.fundSubjects, outside, count: outside.length };
}

export interface SangongCheck {
  applies: boolean;
  subject: string;
  yearToDateFen: number;
  claimFen: number;
  lastYearActualFen: number | null;
  /** Year-to-date plus this claim, less last year's actual; positive when the claim would exceed it. */
  overFen: number;
}

/** 三公 spending this year (reserved and committed by others on the line) plus this claim, against last year's actual. */
export function sangongCheck(line: LineFacts, subject: string, sangongSubjects: string[], amountFen: number): SangongCheck {
  const applies = line.found && sangongSubjects.includes(subject) && line.lastYearActualFen !== null;
  const yearToDateFen = line.usedByOthersFen;
  return {
    applies,
    subject,
    yearToDateFen,
    claimFen: amountFen,
    lastYearActualFen: line.lastYearActualFen,
    overFen: applies ? yearToDateFen + amountFen - line.lastYearActualFen! : 0,
  };
}
