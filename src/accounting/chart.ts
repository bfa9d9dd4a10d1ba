import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

export const ACCOUNTING_DATA_DIR = join(PROJECT_ROOT, 'rules', 'accounting');

export type Book = 'financial' | 'budget';
export const BOOKS: readonly Book[] = ['financial', 'budget'];
/** The auxiliary dimensions (辅助核算) an entry may carry, named as on a business event's line. */
export const DIMENSIONS = ['unit', 'economicCode', 'functionalCode', 'project', 'person', 'supplier'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Account {
  code: string;
  name: string;
  book: Book;
  /** The side its balance normally sits on (资产/费用/支出: debit; 负债/净资产/收入: credit). */
  direction: 'debit' | 'credit';
  category: string;
  /** Dimensions every entry on the subject carries. */
  requires: Dimension[];
  /** Dimensions an entry may carry besides. */
  optional: Dimension[];
}

export interface Classification {
  code: string;
  name: string;
}

export interface Chart {
  accounts: Account[];
  economic: Classification[];
  functional: Classification[];
}

/** The chart of accounts of 政府会计制度 and the 政府收支分类 codes, as shipped data. */
export class ChartOfAccounts {
  private readonly byCode: Map<string, Account>;
  private readonly economicNames: Map<string, string>;
  private readonly functionalNames: Map<string, string>;

  constructor(readonly chart: Chart) {
    this.byCode = new Map(chart.accounts.map((a) => [a.code, a]));
    this.economicNames = new Map(chart.economic.map((c) => [c.code, c.name]));
    this.functionalNames = new Map(chart.functional.map((c) => [c.code, c.name]));
  }

  static load(file = join(ACCOUNTING_DATA_DIR, 'chart.json')): ChartOfAccounts {
    return new ChartOfAccounts(JSON.parse(readFileSync(file, 'utf8')) as Chart);
  }

  account(code: string): Account | undefined {
    return this.byCode.get(code);
  }

  economicName(code: string | null | undefined): string | null {
    return code ? this.economicNames.get(code) ?? null : null;
  }

  functionalName(code: string | null | undefined): string | null {
    return code ? this.functionalNames.get(code) ?? null : null;
  }

  /** The economic classification's 类 (first three digits) of a code, as the 决算 groups it. */
  economicGroup(code: string): Classification {
    const group = code.slice(0, 3);
    return { code: group, name: this.economicNames.get(group) ?? group };
  }
}
