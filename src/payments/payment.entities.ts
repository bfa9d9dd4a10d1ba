import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PaymentMethod } from '../business-events/business-event';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { PayableNote } from './payable';

const fen = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A person's payroll account and, where issued, their 公务卡; kept by the administrator. */
@Entity('person_account')
export class PersonAccount {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'account_no' }) accountNo!: string;
  @Column({ name: 'bank_name' }) bankName!: string;
  @Column({ name: 'card_no', type: 'text', nullable: true }) cardNo!: string | null;
  @Column({ name: 'updated_by' }) updatedBy!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

import type { BatchStatus, LineStatus } from './payment.views';
export type { BatchStatus, LineStatus } from './payment.views';

/** A payment batch (支付批次): built by the cashier, approved, exported as the bank's file, confirmed by its result. */
@Entity('payment_batch')
export class PaymentBatch {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** PB-2026-0001: what the bank file and a person name it by. */
  @Column() number!: string;
  @Column({ type: 'text' }) status!: BatchStatus;
  @Column() title!: string;
  @Column({ name: 'created_by' }) createdBy!: string;
  @Column({ name: 'total_fen', type: 'bigint', transformer: fen }) totalFen!: number;
  @Column({ name: 'line_count' }) lineCount!: number;
  @Column({ name: 'approval_chain', type: 'jsonb' }) approvalChain!: ApprovalStep[];
  @Column({ name: 'process_instance_id', type: 'text', nullable: true }) processInstanceId!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ name: 'exported_at', type: 'timestamptz', nullable: true }) exportedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** One payable in a batch, frozen as it was built: payee, account and amount never change. */
@Entity('payment_line')
export class PaymentLine {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'batch_id', type: 'uuid' }) batchId!: string;
  @Column({ name: 'row_no' }) rowNo!: number;
  @Column({ name: 'source_kind' }) sourceKind!: string;
  @Column({ name: 'source_id' }) sourceId!: string;
  @Column() reference!: string;
  @Column() title!: string;
  @Column({ name: 'payee_kind', type: 'text' }) payeeKind!: 'person' | 'supplier';
  @Column({ name: 'payee_key' }) payeeKey!: string;
  @Column({ name: 'payee_name' }) payeeName!: string;
  @Column({ name: 'account_no' }) accountNo!: string;
  @Column({ name: 'bank_name' }) bankName!: string;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen }) amountFen!: number;
  @Column({ type: 'text' }) method!: PaymentMethod;
  @Column({ name: 'budget_line_id' }) budgetLineId!: string;
  @Column({ name: 'budget_unit' }) budgetUnit!: string;
  @Column({ name: 'budget_subject' }) budgetSubject!: string;
  @Column({ name: 'budget_fund' }) budgetFund!: string;
  @Column({ name: 'budget_name', type: 'text', nullable: true }) budgetName!: string | null;
  @Column({ name: 'due_since', type: 'date' }) dueSince!: string;
  /** What the payment rules found when it was built (PAY-CARD-REQUIRED …), for the approvers. */
  @Column({ type: 'jsonb' }) notes!: PayableNote[];
  @Column({ type: 'text' }) status!: LineStatus;
  @Column({ name: 'bank_reason', type: 'text', nullable: true }) bankReason!: string | null;
  @Column({ name: 'paid_on', type: 'date', nullable: true }) paidOn!: string | null;
  @Column({ name: 'resolved_by', type: 'text', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
}

/** What happened to a batch, in order (built, approved, exported, result imported …). */
@Entity('payment_batch_event')
export class PaymentBatchEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'batch_id', type: 'uuid' }) batchId!: string;
  @Column() action!: string;
  @Column() actor!: string;
  @Column({ type: 'jsonb' }) detail!: Record<string, unknown>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
}

/** One imported 公务卡 statement file. */
@Entity('card_statement')
export class CardStatement {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'file_name' }) fileName!: string;
  @Column() layout!: string;
  @Column() transactions!: number;
  @Column({ name: 'imported_by' }) importedBy!: string;
  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' }) importedAt!: Date;
}

/** A 公务卡 transaction, matched to the claim invoice it paid (or not yet). */
@Entity('card_transaction')
export class CardTransaction {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @Column() reference!: string;
  @Column({ name: 'card_no' }) cardNo!: string;
  @Column() holder!: string;
  @Column({ name: 'txn_day', type: 'date' }) txnDay!: string;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen }) amountFen!: number;
  @Column() merchant!: string;
  @Column({ name: 'claim_id', type: 'uuid', nullable: true }) claimId!: string | null;
  @Column({ name: 'invoice_number', type: 'text', nullable: true }) invoiceNumber!: string | null;
  @Column({ name: 'matched_at', type: 'timestamptz', nullable: true }) matchedAt!: Date | null;
}
