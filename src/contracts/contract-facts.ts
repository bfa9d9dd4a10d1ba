/* Plain computations of the contract and contract-payment rule sets, shared with the web app (no decorators, no I/O). */
import type { Almanac } from 'json-rules-engine';
import { addDays, daysBetween } from '../common/days';

export type MilestoneCondition = 'signing' | 'delivery' | 'acceptance' | 'warranty';
export const MILESTONE_CONDITIONS: readonly MilestoneCondition[] = ['signing', 'delivery', 'acceptance', 'warranty'];

/** What the contract rule set reads about the contract under screening (amounts in fen). */
export interface ContractInput {
  amountFen: number;
  awardAmountFen: number;
  bondFen: number;
  awardedOn: string;
  /** The signing day given (planned or actual); screening takes its own day when there is none. */
  signedOn: string | null;
}

/** A supplement's original and the other live supplements for the same subject. */
export interface SupplementsInput {
  originalNumber: string;
  originalFen: number;
  /** Other supplements of the original not rejected, by number. */
  others: { number: string; amountFen: number }[];
}

/** What the payment rule set reads: the request, its contract, milestone, supplier and the contract's other payments. */
export interface PaymentInput {
  amountFen: number;
  payeeAccount: string;
  requestedOn: string;
}
export interface PaymentContractInput {
  number: string;
  amountFen: number;
  /** Supplements approved or signed for it. */
  supplementsFen: number;
  signedOn: string | null;
  deliveredOn: string | null;
  acceptedOn: string | null;
  warrantyEndsOn: string | null;
  paymentTermDays: number;
}
export interface PaymentMilestoneInput {
  name: string;
  condition: MilestoneCondition;
  amountFen: number;
}
export interface PaymentSupplierInput {
  name: string;
  creditCode: string;
  sme: boolean;
  account: string;
}
export interface OtherPaymentsInput {
  paidFen: number;
  /** Approved or in approval, not yet paid. */
  askedFen: number;
}

/** Exactly `pct` percent of `fen` is allowed; one fen over is not. Integer arithmetic only. */
export function abovePercent(partFen: number, wholeFen: number, pct: number): boolean {
  return partFen * 100 > wholeFen * pct;
}

/** The largest amount not above `pct` percent of `wholeFen`. */
export function percentLimitFen(wholeFen: number, pct: number): number {
  return Math.floor((wholeFen * pct) / 100);
}

export function overAward(contract: ContractInput) {
  return { amountFen: contract.amountFen, awardAmountFen: contract.awardAmountFen, overFen: Math.max(0, contract.amountFen - contract.awardAmountFen), over: contract.amountFen > contract.awardAmountFen };
}

export function bondCheck(contract: ContractInput, maxPct: number) {
  return { bondFen: contract.bondFen, amountFen: contract.amountFen, maxPct, limitFen: percentLimitFen(contract.amountFen, maxPct), over: abovePercent(contract.bondFen, contract.amountFen, maxPct) };
}

/** The supplements of one original together, this one included, against `maxPct` of the original. */
export function supplementCheck(contract: ContractInput, supplements: SupplementsInput | null, maxPct: number) {
  if (!supplements) return { supplement: false, over: false };
  const totalFen = supplements.others.reduce((sum, s) => sum + s.amountFen, contract.amountFen);
  return {
    supplement: true,
    original: supplements.originalNumber,
    originalFen: supplements.originalFen,
    others: supplements.others,
    totalFen,
    maxPct,
    limitFen: percentLimitFen(supplements.originalFen, maxPct),
    over: abovePercent(totalFen, supplements.originalFen, maxPct),
  };
}

export function lateSign(contract: ContractInput, today: string, limitDays: number) {
  const signedOn = contract.signedOn ?? today;
  const days = daysBetween(contract.awardedOn, signedOn);
  return { awardedOn: contract.awardedOn, signedOn, days, limitDays, late: days > limitDays };
}

/** The day a milestone's condition came to hold, or null while it does not (warranty: the day after it ends). */
export function conditionDay(condition: MilestoneCondition, contract: Pick<PaymentContractInput, 'signedOn' | 'deliveredOn' | 'acceptedOn' | 'warrantyEndsOn'>, today: string): string | null {
  switch (condition) {
    case 'signing':
      return contract.signedOn && contract.signedOn <= today ? contract.signedOn : null;
    case 'delivery':
      return contract.deliveredOn && contract.deliveredOn <= today ? contract.deliveredOn : null;
    case 'acceptance':
      return contract.acceptedOn && contract.acceptedOn <= today ? contract.acceptedOn : null;
    case 'warranty': {
      if (!contract.warrantyEndsOn) return null;
      const passed = addDays(contract.warrantyEndsOn, 1);
      return passed <= today ? passed : null;
    }
  }
}

export function paymentCondition(milestone: PaymentMilestoneInput, contract: PaymentContractInput, today: string) {
  const since = conditionDay(milestone.condition, contract, today);
  return { milestone: milestone.name, condition: milestone.condition, holds: since !== null, since };
}

/** Paid to date and what is asked for already, plus this request, against the amount with approved supplements. */
export function overContract(payment: PaymentInput, contract: PaymentContractInput, others: OtherPaymentsInput) {
  const ceilingFen = contract.amountFen + contract.supplementsFen;
  const totalFen = others.paidFen + others.askedFen + payment.amountFen;
  return { contractFen: contract.amountFen, supplementsFen: contract.supplementsFen, ceilingFen, paidFen: others.paidFen, askedFen: others.askedFen, thisFen: payment.amountFen, totalFen, overFen: Math.max(0, totalFen - ceilingFen), over: totalFen > ceilingFen };
}

/** Bank accounts compare without spaces and dashes (how they are often typed). */
export function normalizeAccount(account: string): string {
  return account.replace(/[\s-]/g, '');
}

export function payeeCheck(payment: PaymentInput, supplier: PaymentSupplierInput) {
  return { given: payment.payeeAccount, registered: supplier.account, supplier: supplier.name, differs: normalizeAccount(payment.payeeAccount) !== normalizeAccount(supplier.account) };
}

/**
 * 保障中小企业款项支付条例 第八条: an SME is paid within 30 days of delivery or acceptance, or by the
 * contract's payment term, which may not exceed 60 days. The clock starts when the milestone's
 * condition came to hold; `day` is the day paid (or asked for, or looked at).
 */
export function smeDue(milestone: PaymentMilestoneInput, contract: PaymentContractInput, supplier: Pick<PaymentSupplierInput, 'sme'>, day: string, policy: { defaultTermDays: number; maxTermDays: number }) {
  const since = conditionDay(milestone.condition, contract, day);
  const termDays = Math.min(contract.paymentTermDays || policy.defaultTermDays, policy.maxTermDays);
  if (!supplier.sme || !since) return { sme: supplier.sme, since, termDays, dueOn: null, daysLate: 0, late: false };
  const dueOn = addDays(since, termDays);
  const daysLate = Math.max(0, daysBetween(dueOn, day));
  return { sme: true, since, termDays, dueOn, daysLate, late: daysLate > 0 };
}

/** Milestones add up to the amount exactly (the form checks it as the server does). */
export function milestoneGap(amountFen: number, milestones: { amountFen: number }[]): number {
  return amountFen - milestones.reduce((sum, m) => sum + m.amountFen, 0);
}

const fact = <T>(almanac: Almanac, name: string) => almanac.factValue(name) as Promise<T>;
type Policy = Record<string, unknown>;

/** The computed facts both rule sets name; everything they read comes in as inputs. */
export const CONTRACT_FACTS: Record<string, (almanac: Almanac) => Promise<unknown>> = {
  // contract set: inputs contract, supplements
  contractOverAward: async (almanac) => overAward(await fact<ContractInput>(almanac, 'contract')),
  contractBond: async (almanac) => bondCheck(await fact<ContractInput>(almanac, 'contract'), Number((await fact<Policy>(almanac, 'policy')).bondMaxPct)),
  contractSupplements: async (almanac) =>
    supplementCheck(await fact<ContractInput>(almanac, 'contract'), (await fact<SupplementsInput | null>(almanac, 'supplements')) ?? null, Number((await fact<Policy>(almanac, 'policy')).supplementMaxPct)),
  contractSigning: async (almanac) =>
    lateSign(await fact<ContractInput>(almanac, 'contract'), await fact<string>(almanac, 'submittedOn'), Number((await fact<Policy>(almanac, 'policy')).lateSignDays)),

  // contract-payment set: inputs payment, contract, milestone, supplier, otherPayments
  paymentOverContract: async (almanac) =>
    overContract(await fact<PaymentInput>(almanac, 'payment'), await fact<PaymentContractInput>(almanac, 'contract'), await fact<OtherPaymentsInput>(almanac, 'otherPayments')),
  paymentCondition: async (almanac) =>
    paymentCondition(await fact<PaymentMilestoneInput>(almanac, 'milestone'), await fact<PaymentContractInput>(almanac, 'contract'), await fact<string>(almanac, 'submittedOn')),
  paymentPayee: async (almanac) => payeeCheck(await fact<PaymentInput>(almanac, 'payment'), await fact<PaymentSupplierInput>(almanac, 'supplier')),
  paymentSmeDue: async (almanac) => {
    const policy = await fact<Policy>(almanac, 'policy');
    return smeDue(
      await fact<PaymentMilestoneInput>(almanac, 'milestone'),
      await fact<PaymentContractInput>(almanac, 'contract'),
      await fact<PaymentSupplierInput>(almanac, 'supplier'),
      await fact<string>(almanac, 'submittedOn'),
      { defaultTermDays: Number(policy.defaultTermDays), maxTermDays: Number(policy.maxTermDays) },
    );
  },
};
