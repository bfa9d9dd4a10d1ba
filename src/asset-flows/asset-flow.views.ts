/* What the asset-flow endpoints answer, shared with the web app (plain types, no decorators). */
import type { DisposalWay, FlowStatus } from './asset-flow-rules';

export const TRANSFER_KIND = 'asset-transfer';
export const DISPOSAL_KIND = 'asset-disposal';

/** A card as a transfer or disposal carried it: its value and depreciation when filed, its status before. */
export interface FlowCardView {
  id: string;
  number: string;
  name: string;
  classCode: string;
  acceptedOn: string;
  usefulLifeMonths: number | null;
  originalValue: string;
  depreciated: string;
  netValue: string;
  previousStatus: string;
  status: string;
}

export interface FlowStepView {
  step: string;
  group: string;
  reason: { zh: string; en: string };
  substitutedFor?: string;
}

interface FlowCommon {
  id: string;
  number: string;
  status: FlowStatus;
  reason: string;
  submitter: string;
  submitterName: string;
  createdAt: string;
  decidedOn: string | null;
  cards: FlowCardView[];
  approvalChain: FlowStepView[];
  processInstanceId: string | null;
}

export interface TransferView extends FlowCommon {
  kind: typeof TRANSFER_KIND;
  fromUnit: { code: string; name: string };
  toUnit: { code: string; name: string };
}

export interface DisposalFinding {
  ruleId: string;
  severity: 'block' | 'warn' | 'info';
  messageZh: string;
  messageEn: string;
  facts: Record<string, unknown>;
}

export interface DisposalView extends FlowCommon {
  kind: typeof DISPOSAL_KIND;
  unit: { code: string; name: string };
  way: DisposalWay;
  cost: string;
  depreciated: string;
  netValue: string;
  residual: string;
  proceeds: string;
  findings: DisposalFinding[];
}

/** One row of the list of transfers and disposals. */
export interface FlowListItem {
  kind: typeof TRANSFER_KIND | typeof DISPOSAL_KIND;
  id: string;
  number: string;
  status: FlowStatus;
  title: string;
  unit: string;
  cards: number;
  cost: string;
  submitterName: string;
  createdAt: string;
}
