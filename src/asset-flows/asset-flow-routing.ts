import type { ApprovalStep } from '../subjects/approval-loop';
import { AuthorityLine, authoritySteps } from './asset-flow-rules';

const REASONS: Record<string, { zh: string; en: string }> = {
  'from-head': { zh: '调出单位负责人审批', en: 'The head of the unit giving the assets approves' },
  'to-head': { zh: '调入单位负责人审批', en: 'The head of the unit taking the assets approves' },
  'unit-head': { zh: '资产使用单位负责人审批', en: 'The head of the unit holding the assets approves' },
  finance: { zh: '财务科审核处置（账面原值、累计折旧、残值与收入）', en: 'Finance reviews the cost, depreciation, residual value and proceeds' },
  'deputy-chief': { zh: '账面原值达到分管局领导审批权限', en: 'The original value is within the deputy chief’s authority' },
  chief: { zh: '账面原值达到局长审批权限', en: 'The original value is within the chief’s authority' },
};

/**
 * Steps in order, each held by a group; a step whose group the submitter holds goes to the deputy
 * chief (the chief when the submitter is the deputy chief) — nobody approves their own
 * (CLM-SELF-APPROVAL) — and a group appears once.
 */
function chainOf(steps: { step: string; group: string }[], submitterGroups: string[]): ApprovalStep[] {
  const chain: ApprovalStep[] = [];
  for (const { step, group } of steps) {
    let next: ApprovalStep = { step, group, reason: REASONS[step] };
    if (submitterGroups.includes(group)) {
      const substitute = submitterGroups.includes('deputy-chief') ? 'chief' : 'deputy-chief';
      next = { step: substitute, group: substitute, reason: REASONS[step], substitutedFor: step };
    }
    if (!chain.some((taken) => taken.group === next.group)) chain.push(next);
  }
  return chain;
}

/** 调拨: the head of the unit giving the cards, then the head of the unit taking them. */
export function transferChain(fromUnit: string, toUnit: string, submitterGroups: string[]): ApprovalStep[] {
  return chainOf([{ step: 'from-head', group: `unit-head:${fromUnit}` }, { step: 'to-head', group: `unit-head:${toUnit}` }], submitterGroups);
}

/** 处置: the unit head, then the levels the authority table gives the total original value. */
export function disposalChain(unitCode: string, totalFen: number, authority: AuthorityLine[], submitterGroups: string[]): ApprovalStep[] {
  return chainOf([{ step: 'unit-head', group: `unit-head:${unitCode}` }, ...authoritySteps(totalFen, authority).map((step) => ({ step, group: step }))], submitterGroups);
}
