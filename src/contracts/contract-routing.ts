import type { ApprovalStep } from '../subjects/approval-loop';

/** The amounts (fen) above which finance, the deputy chief and the chief approve: `routing.json`'s `thresholdsFen`. */
export interface RoutingThresholds {
  finance: number;
  deputyChief: number;
  chief: number;
}

const STEP_REASONS: Record<string, { zh: string; en: string }> = {
  'contract-review': { zh: '合同审核：法制/财务审查合同条款', en: 'Contract review: legal and finance read the terms' },
  'unit-head': { zh: '单位负责人审批', en: 'The unit head approves' },
  finance: { zh: '财务科审核', en: 'Finance reviews' },
  'deputy-chief': { zh: '金额超过分管局领导审批线', en: 'Above the deputy chief’s approval line' },
  chief: { zh: '金额超过局长审批线', en: 'Above the chief’s approval line' },
};

/**
 * The approval chain of a contract (contract review first) or of a contract payment (finance always
 * reads a payment), then the leaders by the routing set's amount lines — the same lines as claims.
 * A step the submitter holds goes to the deputy chief instead, since nobody approves their own
 * contract or payment (CLM-SELF-APPROVAL); a group appears once.
 */
export function chainFor(kind: 'contract' | 'contract-payment', amountFen: number, unitCode: string, thresholds: RoutingThresholds, submitterGroups: string[]): ApprovalStep[] {
  const steps = kind === 'contract' ? ['contract-review', 'unit-head'] : ['unit-head', 'finance'];
  if (kind === 'contract' && amountFen > thresholds.finance) steps.push('finance');
  if (amountFen > thresholds.deputyChief) steps.push('deputy-chief');
  if (amountFen > thresholds.chief) steps.push('chief');
  const chain: ApprovalStep[] = [];
  for (const step of steps) {
    const group = step === 'unit-head' ? `unit-head:${unitCode}` : step;
    let next: ApprovalStep = { step, group, reason: STEP_REASONS[step] };
    if (submitterGroups.includes(group)) {
      const substitute = submitterGroups.includes('deputy-chief') ? 'chief' : 'deputy-chief';
      next = { step: substitute, group: substitute, reason: STEP_REASONS[step], substitutedFor: step };
    }
    if (!chain.some((taken) => taken.group === next.group)) chain.push(next);
  }
  return chain;
}
