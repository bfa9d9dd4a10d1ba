import { fenToYuan } from '@shared/common/money';
import { invoiceMath } from '@shared/invoices/invoice-facts';
import type { ClaimDocument, Finding } from './types';

/**
 * The facts of a finding as plain sentences, e.g. "杭州 其他人员 住宿标准 400.00 元/晚，实际 450.00
 * 元/晚（2 晚），核减 100.00 元". Rules without a sentence here show their facts as "name: value".
 */
const TIERS: Record<string, [string, string]> = { minister: ['部级', 'minister tier'], bureau: ['司局级', 'bureau tier'], other: ['其他人员', 'other staff'] };
const yuan = (fen: unknown) => fenToYuan(Math.round(Number(fen)));

type Facts = Record<string, any>;
type Sentence = (facts: Facts, en: boolean, document?: ClaimDocument) => string[];

const SENTENCES: Record<string, Sentence> = {
  'STD-LODGING': (f, en) => {
    const tier = TIERS[f.tier ?? f.lodgingCheck?.tier]?.[en ? 1 : 0] ?? '';
    return (f.lodgingCheck?.entries ?? []).filter((e: Facts) => e.excessFen > 0).map((e: Facts) => {
      const cap = yuan(Math.max(...(e.capPerNightFen ?? [0])));
      const perNight = yuan(e.amountFen / e.nights);
      return en
        ? `${e.city} ${tier}: cap ${cap} yuan/night, claimed ${perNight} yuan/night (${e.nights} nights), cut ${yuan(e.excessFen)} yuan`
        : `${e.city} ${tier} 住宿标准 ${cap} 元/晚，实际 ${perNight} 元/晚（${e.nights} 晚），核减 ${yuan(e.excessFen)} 元`;
    });
  },
  'STD-ALLOWANCE': (f, en) => {
    const check = f.allowanceCheck ?? {};
    return (['meal', 'transport'] as const).filter((part) => check[part]?.excessFen > 0).map((part) => {
      const p = check[part];
      const name = en ? (part === 'meal' ? 'Meal allowance' : 'City transport') : part === 'meal' ? '伙食补助' : '市内交通补助';
      return en
        ? `${name}: standard ${yuan(p.perDayFen)} yuan/day × ${p.allowedDays} days = ${yuan(p.allowedFen)} yuan, claimed ${yuan(p.claimedFen)} yuan, cut ${yuan(p.excessFen)} yuan`
        : `${name}标准 ${yuan(p.perDayFen)} 元/天 × ${p.allowedDays} 天 = ${yuan(p.allowedFen)} 元，实际 ${yuan(p.claimedFen)} 元，核减 ${yuan(p.excessFen)} 元`;
    });
  },
  'STD-NO-LODGING-INVOICE': (f, en) => {
    const l = f.lodgingWithoutInvoice ?? {};
    return [en ? `${l.nights} nights, ${yuan(l.amountFen)} yuan claimed without a lodging invoice` : `${l.nights} 晚住宿费 ${yuan(l.amountFen)} 元没有住宿发票`];
  },
  'RTE-AUTO-APPROVE': (f, en) => {
    const auto = f.autoApproval ?? {};
    const record = f.claimantRecord ?? {};
    const name = auto.subjectName ? (en ? auto.subjectName.en : auto.subjectName.zh) : auto.subject;
    return en
      ? [`${auto.amount} is within the ${name} limit of ${auto.limit}; no warning, adjustment or blocking finding`, `No returned claim and no non-compliant review in the last ${record.days} days; not a special fund or 三公 subject`, `Decided by ${f.ruleSet}`]
      : [`${auto.amount} 未超过${name}免审限额 ${auto.limit}，无提醒、核减或阻断问题`, `近 ${record.days} 天内无退回的报销单、无事后抽查不合规记录；非专项经费、非三公经费`, `依据规则 ${f.ruleSet}`];
  },
  'INV-MATH': (f, en, document) => {
    const invoice = document?.invoices.find((i) => i.number === f.invoice);
    if (!invoice) return [en ? `Invoice ${f.invoice}` : `发票 ${f.invoice}`];
    const lines: string[] = [];
    const sum = f['invoiceMath.sumDifferenceFen'];
    if (sum && sum.value > sum.against) {
      lines.push(en
        ? `Invoice ${invoice.number}: amount ${invoice.amount} + tax ${invoice.tax} ≠ total ${invoice.total}`
        : `发票 ${invoice.number}：金额 ${invoice.amount} 元 + 税额 ${invoice.tax} 元 ≠ 价税合计 ${invoice.total} 元`);
    }
    const tax = f['invoiceMath.taxDifferenceFen'];
    if (tax && tax.value > tax.against) {
      const expected = invoiceMath({ amount: invoice.amount, tax: invoice.tax, total: invoice.total, taxRate: Number(invoice.taxRate) }).computedTax;
      lines.push(en
        ? `Invoice ${invoice.number}: at ${invoice.taxRate}% the tax on ${invoice.amount} is ${expected}, not ${invoice.tax}`
        : `发票 ${invoice.number}：金额 ${invoice.amount} 元，按税率 ${invoice.taxRate}% 税额应为 ${expected} 元，填写的是 ${invoice.tax} 元`);
    }
    if (f['invoiceMath.legalRate']?.value === false) lines.push(en ? `Tax rate ${invoice.taxRate}% is not a legal rate` : `税率 ${invoice.taxRate}% 不是法定税率`);
    return lines;
  },
  'AST-DISPOSAL-EARLY': (f, en) =>
    (f.disposalEarly?.cards ?? []).map((c: Facts) =>
      en
        ? `${c.number}: accepted ${c.acceptedOn}, useful life ${c.usefulLifeMonths} months, ends ${c.lifeEndsOn}`
        : `${c.number}：验收日期 ${c.acceptedOn}，使用年限 ${c.usefulLifeMonths} 个月，至 ${c.lifeEndsOn} 到期`),
};

export function findingDetails(finding: Finding, locale: string, document?: ClaimDocument): string[] {
  const en = locale === 'en';
  const sentence = SENTENCES[finding.ruleId];
  const lines = sentence ? sentence(finding.facts ?? {}, en, document) : [];
  return lines.length > 0 ? lines : genericFacts(finding.facts ?? {});
}

/** Facts as "name: value"; a compared fact shows its value and what it was compared against. */
function genericFacts(facts: Facts): string[] {
  return Object.entries(facts)
    .filter(([name, value]) => name !== 'ruleSet' && value !== null && value !== undefined)
    .map(([name, value]) => {
      if (value && typeof value === 'object' && 'value' in value && 'against' in value) return `${name}: ${format(value.value)}（${value.operator} ${format(value.against)}）`;
      return `${name}: ${format(value)}`;
    });
}

function format(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
