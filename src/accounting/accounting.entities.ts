import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** 记账凭证; written through SQL by the accounting services, guarded by the database's triggers. */
@Entity('voucher')
export class Voucher {
  @PrimaryColumn('uuid') id!: string;
  @Column() period!: string;
  @Column() number!: number;
  @Column({ name: 'voucher_date', type: 'date' }) voucherDate!: string;
  @Column() summary!: string;
  @Column({ name: 'attachment_count' }) attachmentCount!: number;
  @Column({ name: 'source_kind', type: 'text', nullable: true }) sourceKind!: string | null;
  @Column({ name: 'source_id', type: 'text', nullable: true }) sourceId!: string | null;
  @Column({ name: 'event_id', type: 'bigint', nullable: true }) eventId!: string | null;
  @Column({ name: 'event_kind', type: 'text', nullable: true }) eventKind!: string | null;
  @Column({ name: 'rule_version', type: 'int', nullable: true }) ruleVersion!: number | null;
  @Column() state!: 'draft' | 'reviewed' | 'posted';
  @Column({ name: 'made_by' }) madeBy!: string;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ name: 'posted_by', type: 'text', nullable: true }) postedBy!: string | null;
  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true }) postedAt!: Date | null;
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true }) reversesId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** One line of a voucher in one book; integer fen, negative in a 红字 reversal. */
@Entity('voucher_entry')
export class VoucherEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'voucher_id', type: 'uuid' }) voucherId!: string;
  @Column({ name: 'line_no' }) lineNo!: number;
  @Column() book!: 'financial' | 'budget';
  @Column({ name: 'subject_code' }) subjectCode!: string;
  @Column() summary!: string;
  @Column({ type: 'text', nullable: true }) unit!: string | null;
  @Column({ name: 'economic_code', type: 'text', nullable: true }) economicCode!: string | null;
  @Column({ name: 'functional_code', type: 'text', nullable: true }) functionalCode!: string | null;
  @Column({ type: 'text', nullable: true }) project!: string | null;
  @Column({ type: 'text', nullable: true }) person!: string | null;
  @Column({ type: 'text', nullable: true }) supplier!: string | null;
  @Column({ name: 'debit_fen', type: 'bigint' }) debitFen!: string;
  @Column({ name: 'credit_fen', type: 'bigint' }) creditFen!: string;
  @Column({ name: 'posted_period', type: 'text', nullable: true }) postedPeriod!: string | null;
}

@Entity('posting_rule_version')
export class PostingRuleVersion {
  @PrimaryColumn() version!: number;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'jsonb' }) definition!: object;
  @Column({ name: 'created_by' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('accounting_period')
export class AccountingPeriod {
  @PrimaryColumn() period!: string;
  @Column() status!: 'open' | 'closed';
  @Column({ name: 'closed_by', type: 'text', nullable: true }) closedBy!: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) checks!: object | null;
  @Column({ name: 'reopened_by', type: 'text', nullable: true }) reopenedBy!: string | null;
  @Column({ name: 'reopened_at', type: 'timestamptz', nullable: true }) reopenedAt!: Date | null;
  @Column({ name: 'reopen_reason', type: 'text', nullable: true }) reopenReason!: string | null;
}

@Entity('unbooked_event')
export class UnbookedEvent {
  @PrimaryColumn({ name: 'event_id', type: 'bigint' }) eventId!: string;
  @Column() reason!: string;
  @Column({ name: 'rule_version', type: 'int', nullable: true }) ruleVersion!: number | null;
  @Column({ name: 'noted_at', type: 'timestamptz' }) notedAt!: Date;
}
