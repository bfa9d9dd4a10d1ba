/**
 * What features publish when money moves or an asset changes, for accounting (posting rules turn
 * each event into a voucher draft) and anyone else who follows the log. A feature never imports
 * accounting; accounting never imports a feature.
 */
export const BUSINESS_EVENT_KINDS = ['claim-paid', 'contract-payment-paid', 'asset-accepted', 'asset-disposed', 'depreciation', 'advance-paid', 'advance-settled', 'period-end-accrual'] as const;
export type BusinessEventKind = (typeof BUSINESS_EVENT_KINDS)[number];

/** How the money left: 授权支付 from the 零余额账户, 公务卡 repayment, or 直接支付 by the treasury. */
export type PaymentMethod = 'authorized' | 'card' | 'direct';

/** One amount of the event with the auxiliary dimensions posting rules and books read. */
export interface BusinessEventLine {
  /** Integer fen, positive. */
  amountFen: number;
  /** Org unit code (城西派出所 → `chengxi`). */
  unit: string;
  /** 政府支出经济分类 code, e.g. `30211`. */
  economicCode: string;
  /** 功能分类 code, e.g. `2040201`, where the budget line has one. */
  functionalCode?: string;
  /** basic (基本支出) or special (项目支出). */
  fund?: 'basic' | 'special';
  /** Budget project (预算项目) of a special line. */
  project?: string;
  /** Username of the person paid or concerned. */
  person?: string;
  /** 统一社会信用代码 of the supplier paid or concerned. */
  supplier?: string;
  /** GB/T 14885 class of an asset line. */
  assetClass?: string;
  /** What the line is for, shown on the voucher entry. */
  summary?: string;
  /**
   * Which amount of the event the line is, where one event carries several (an asset disposal's
   * accumulated depreciation, net value and proceeds): posting rules tell them apart by it.
   */
  part?: string;
}

export interface BusinessEventPayload {
  /** One line a person reads on the voucher: 「张三 报销差旅费 (BX-…)」. */
  summary: string;
  method?: PaymentMethod;
  lines: BusinessEventLine[];
  /** Anything else a posting rule may test (e.g. `{ batch: 'PB-…' }`). */
  facts?: Record<string, string | number | boolean | null>;
}

export interface BusinessEvent extends BusinessEventPayload {
  kind: BusinessEventKind;
  /** The record the event is about, as a subject (kind and id). One event per kind and source. */
  source: { kind: string; id: string };
  /** The business day (YYYY-MM-DD) the event happened on; it decides the voucher's period. */
  occurredOn: string;
}

export interface PublishedBusinessEvent extends BusinessEvent {
  id: string;
  publishedBy: string | null;
  publishedAt: string;
}
