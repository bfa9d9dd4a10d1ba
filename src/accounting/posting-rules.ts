import type { BusinessEventLine, PublishedBusinessEvent } from '../business-events/business-event';
import { BOOKS, Book, ChartOfAccounts, DIMENSIONS, Dimension } from './chart';

/** One entry a rule writes for each event line it matches; the amount is the line's. */
export interface PostingRuleEntry {
  book: Book;
  side: 'debit' | 'credit';
  subject: string;
  /** Which of the line's dimensions go to the entry's auxiliary columns. */
  dimensions: Dimension[];
}

export interface PostingRule {
  id: string;
  label: string;
  /** The business event kind it books. */
  event: string;
  /** All given conditions hold: the event's method, the line's fund, economic code prefix, present dimensions, part. */
  when?: { method?: string[]; fund?: string[]; economicPrefix?: string[]; has?: Dimension[]; part?: string[] };
  entries: PostingRuleEntry[];
}

export interface PostingRuleSet {
  version: number;
  effectiveFrom: string;
  description: string;
  rules: PostingRule[];
}

/** What a rule writes for one event: entries of both books, in fen, with auxiliary dimensions. */
export interface DraftEntry {
  book: Book;
  subjectCode: string;
  summary: string;
  unit: string | null;
  economicCode: string | null;
  functionalCode: string | null;
  project: string | null;
  person: string | null;
  supplier: string | null;
  debitFen: number;
  creditFen: number;
}

export type EventLike = Pick<PublishedBusinessEvent, 'kind' | 'method' | 'summary' | 'lines'>;

export type Booking = { ok: true; entries: DraftEntry[]; rules: string[] } | { ok: false; reason: string; reasonEn: string };

function matches(rule: PostingRule, event: EventLike, line: BusinessEventLine): boolean {
  if (rule.event !== event.kind) return false;
  const when = rule.when ?? {};
  if (when.method && !when.method.includes(event.method ?? '')) return false;
  if (when.fund && !when.fund.includes(line.fund ?? 'basic')) return false;
  if (when.economicPrefix && !when.economicPrefix.some((prefix) => line.economicCode.startsWith(prefix))) return false;
  if (when.has && !when.has.every((dimension) => !!line[dimension])) return false;
  if (when.part && !when.part.includes(line.part ?? '')) return false;
  return true;
}

/** The entries a rule set writes for an event: each line by the first rule it matches, else why not. */
export function book(set: Pick<PostingRuleSet, 'rules'>, event: EventLike): Booking {
  const entries: DraftEntry[] = [];
  const used: string[] = [];
  for (const [index, line] of event.lines.entries()) {
    const rule = set.rules.find((r) => matches(r, event, line));
    if (!rule) {
      const method = event.method ? `，支付方式 ${event.method}` : '';
      return {
        ok: false,
        reason: `没有记账规则匹配业务事件 ${event.kind} 第 ${index + 1} 行（经济分类 ${line.economicCode}${method}）`,
        reasonEn: `no posting rule matches line ${index + 1} of the ${event.kind} event (economic code ${line.economicCode}${event.method ? `, method ${event.method}` : ''})`,
      };
    }
    if (!used.includes(rule.id)) used.push(rule.id);
    for (const entry of rule.entries) {
      const dim = (name: Dimension) => (entry.dimensions.includes(name) ? (line[name] ?? null) || null : null);
      entries.push({
        book: entry.book,
        subjectCode: entry.subject,
        summary: line.summary ?? event.summary,
        unit: dim('unit'),
        economicCode: dim('economicCode'),
        functionalCode: dim('functionalCode'),
        project: dim('project'),
        person: dim('person'),
        supplier: dim('supplier'),
        debitFen: entry.side === 'debit' ? line.amountFen : 0,
        creditFen: entry.side === 'credit' ? line.amountFen : 0,
      });
    }
  }
  return { ok: true, entries, rules: used };
}

/** The first book whose debits and credits differ, with both sums; null when every book balances. */
export function imbalance(entries: Pick<DraftEntry, 'book' | 'debitFen' | 'creditFen'>[]): { book: Book; debitFen: number; creditFen: number } | null {
  for (const bookName of BOOKS) {
    const own = entries.filter((e) => e.book === bookName);
    const debitFen = own.reduce((sum, e) => sum + e.debitFen, 0);
    const creditFen = own.reduce((sum, e) => sum + e.creditFen, 0);
    if (debitFen !== creditFen) return { book: bookName, debitFen, creditFen };
  }
  return null;
}

export interface RuleProblem {
  field: string;
  message: string;
}

const zhBook = (b: Book) => (b === 'financial' ? '财务会计' : '预算会计');

/** What is wrong with a rule set's shape against the chart: unknown subjects, wrong book, missing required dimensions. */
export function ruleProblems(rules: PostingRule[], chart: ChartOfAccounts, eventKinds: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const ids = new Set<string>();
  rules.forEach((rule, r) => {
    const at = `rules[${r}]`;
    if (ids.has(rule.id)) problems.push({ field: `${at}.id`, message: `规则编号 ${rule.id} 重复 / rule id ${rule.id} is used twice` });
    ids.add(rule.id);
    if (!eventKinds.includes(rule.event)) problems.push({ field: `${at}.event`, message: `未知的业务事件 ${rule.event} / unknown business event ${rule.event}` });
    for (const dimension of rule.when?.has ?? []) {
      if (!DIMENSIONS.includes(dimension)) problems.push({ field: `${at}.when.has`, message: `未知的辅助核算 ${dimension} / unknown dimension ${dimension}` });
    }
    rule.entries.forEach((entry, e) => {
      const path = `${at}.entries[${e}]`;
      const account = chart.account(entry.subject);
      if (!account) {
        problems.push({ field: `${path}.subject`, message: `科目 ${entry.subject} 不在会计科目表中 / subject ${entry.subject} is not in the chart of accounts` });
        return;
      }
      if (account.book !== entry.book) problems.push({ field: `${path}.book`, message: `科目 ${entry.subject} ${account.name} 属于${zhBook(account.book)}，不能记入${zhBook(entry.book)} / subject ${entry.subject} belongs to the ${account.book} book` });
      for (const dimension of entry.dimensions) {
        if (!DIMENSIONS.includes(dimension)) problems.push({ field: `${path}.dimensions`, message: `未知的辅助核算 ${dimension} / unknown dimension ${dimension}` });
      }
      for (const required of account.requires) {
        if (!entry.dimensions.includes(required)) problems.push({ field: `${path}.dimensions`, message: `科目 ${entry.subject} ${account.name} 须带辅助核算 ${required} / subject ${entry.subject} requires the dimension ${required}` });
      }
    });
  });
  return problems;
}
