import { EntityManager } from 'typeorm';
import type { PaymentMethod } from '../business-events/business-event';

/**
 * What the cashier pays, whatever it came from: an approved claim, a due contract payment. Payments
 * sees every source through this one shape; each feature registers its own `PayableSource`, so a new
 * source edits neither payments nor the batch.
 */
export interface Payable {
  /** The line's unique key: nothing is paid twice for one source. */
  source: { kind: string; id: string };
  /** What a person reads: the claim number, the contract number and milestone. */
  reference: string;
  title: string;
  /** From the person's or supplier's record, never typed into a batch. */
  payee: { kind: 'person' | 'supplier'; key: string; name: string; account: string; bank: string };
  amountFen: number;
  method: PaymentMethod;
  budgetLine: { id: string; unit: string; subject: string; fund: string; name?: string | null };
  /** The day the source became due (approved, milestone reached). */
  dueSince: string;
  /** Where the browser opens the source (the claim's page). */
  link?: string | null;
  /** What the cashier and the batch's approvers should read before paying it (a rule's warning). */
  notes?: PayableNote[];
}

/** A finding about a payable, as a rule set produced it. */
export interface PayableNote {
  ruleId: string;
  severity: 'warn' | 'info';
  message: { zh: string; en: string };
  facts: Record<string, unknown>;
}

export interface PayableSource {
  readonly kind: string;
  /** Every item of this source now due and in no open batch line. */
  due(manager: EntityManager): Promise<Payable[]>;
  /** One item if it is due now, else null (building a batch rechecks each line). */
  dueOne(manager: EntityManager, id: string): Promise<Payable | null>;
  /**
   * The bank paid the line: move the source on (claim `PAID`, ledger `paid`) and publish its business
   * event, in the caller's transaction.
   */
  markPaid(manager: EntityManager, id: string, paidOn: string, context: { batchId: string; actor: string; method: PaymentMethod }): Promise<void>;
  /** The bank refused the line: the source is due again, with the bank's reason kept. */
  markFailed(manager: EntityManager, id: string, reason: string, context: { batchId: string; actor: string }): Promise<void>;
}
