import type { FieldError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual } from '../common/validation';
import { milestoneGap, MilestoneCondition } from './contract-facts';

export interface MilestoneTerms {
  name: string;
  condition: MilestoneCondition;
  amount?: string;
  percent?: number;
}

export interface ResolvedMilestone {
  name: string;
  condition: MilestoneCondition;
  amountFen: number;
}

/**
 * Each milestone's amount in fen: given as an amount, or as a percent of the contract amount. When
 * every milestone is a percent and they add up to 100, the rounding remainder goes to the last one,
 * so the amounts add up exactly; otherwise they must add up to the amount as given.
 */
export function resolveMilestones(amountFen: number, terms: MilestoneTerms[], field = 'milestones'): { milestones: ResolvedMilestone[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const milestones: ResolvedMilestone[] = [];
  const names = new Set<string>();
  for (const [i, term] of terms.entries()) {
    const hasAmount = term.amount !== undefined && term.amount !== null;
    const hasPercent = term.percent !== undefined && term.percent !== null;
    if (hasAmount === hasPercent) {
      errors.push({ field: `${field}[${i}].amount`, message: bilingual('每个付款节点填写金额或比例之一', 'give each milestone an amount or a percent, not both') });
      continue;
    }
    if (names.has(term.name.trim())) errors.push({ field: `${field}[${i}].name`, message: bilingual(`付款节点名称“${term.name}”重复`, `milestone name "${term.name}" is used twice`) });
    names.add(term.name.trim());
    const fen = hasAmount ? yuanToFen(term.amount!) : Math.round((amountFen * Math.round(term.percent! * 100)) / 10_000);
    if (fen <= 0) errors.push({ field: `${field}[${i}].${hasAmount ? 'amount' : 'percent'}`, message: bilingual('付款节点金额应大于零', 'a milestone must be above zero') });
    milestones.push({ name: term.name.trim(), condition: term.condition, amountFen: fen });
  }
  if (errors.length > 0) return { milestones, errors };
  const allPercent = terms.every((t) => t.percent !== undefined && t.percent !== null);
  const basisPoints = terms.reduce((sum, t) => sum + Math.round((t.percent ?? 0) * 100), 0);
  if (allPercent && basisPoints === 10_000) milestones[milestones.length - 1].amountFen += milestoneGap(amountFen, milestones);
  const gap = milestoneGap(amountFen, milestones);
  if (gap !== 0) {
    const total = amountFen - gap;
    errors.push({ field, message: bilingual(`付款节点合计 ${fenToYuan(total)} 元，与合同金额 ${fenToYuan(amountFen)} 元不符`, `the milestones add up to ${fenToYuan(total)}, not the contract amount ${fenToYuan(amountFen)}`) });
  }
  return { milestones, errors };
}
