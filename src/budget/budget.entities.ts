import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { OrgUnit } from '../org/org.entities';

export type ControlMode = 'FORBID' | 'WARN' | 'ALLOW';
export type FundType = 'basic' | 'special';
/** `pay` marks committed money paid (the line's `paid_fen`); available does not move. */
export type EntryKind = 'allocate' | 'adjust' | 'reserve' | 'release' | 'commit' | 'spend' | 'pay';

const fen = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A budget line: a unit's allocation for a fiscal year, a subject and a fund. The totals are kept
 * beside the ledger so a reservation is one atomic update; they always equal the sums of the entries.
 */
@Entity('budget_line')
export class BudgetLine {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'unit_id' }) unitId!: string;
  @ManyToOne(() => OrgUnit, { eager: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit;
  @Column({ name: 'fiscal_year' }) fiscalYear!: number;
  @Column() subject!: string;
  @Column({ name: 'fund_type', type: 'text' }) fundType!: FundType;
  /** The special fund's name (专项名称); empty for basic spending. */
  @Column({ name: 'fund_name' }) fundName!: string;
  /** The subjects a special fund may pay for. */
  @Column({ name: 'fund_subjects', type: 'text', array: true }) fundSubjects!: string[];
  /** The engine candidate group that owns a special fund (the fund-owner approval step). */
  @Column({ name: 'owner_group', type: 'text', nullable: true }) ownerGroup!: string | null;
  @Column({ name: 'control_mode', type: 'text' }) controlMode!: ControlMode;
  @Column({ name: 'last_year_actual_fen', type: 'bigint', nullable: true, transformer: fen }) lastYearActualFen!: number | null;
  @Column({ name: 'allocated_fen', type: 'bigint', transformer: fen }) allocatedFen!: number;
  @Column({ name: 'reserved_fen', type: 'bigint', transformer: fen }) reservedFen!: number;
  @Column({ name: 'committed_fen', type: 'bigint', transformer: fen }) committedFen!: number;
  /** The part of the committed money the bank has paid. */
  @Column({ name: 'paid_fen', type: 'bigint', transformer: fen }) paidFen!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** One movement of money on a line. Never updated or deleted (a trigger refuses it). */
@Entity('budget_entry')
export class BudgetEntry {
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'line_id' }) lineId!: string;
  @Column({ type: 'text' }) kind!: EntryKind;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen }) amountFen!: number;
  @Column({ name: 'claim_id', type: 'uuid', nullable: true }) claimId!: string | null;
  @Column({ name: 'travel_request_id', type: 'uuid', nullable: true }) travelRequestId!: string | null;
  /** The business operation it belongs to (claim, step, attempt); unique, so a replay moves nothing. */
  @Column({ name: 'operation_key' }) operationKey!: string;
  @Column() actor!: string;
  @Column() reason!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A line's usage crossed a threshold: kept, and listed to the unit head and finance. */
@Entity('budget_alert')
export class BudgetAlert {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'line_id' }) lineId!: string;
  @ManyToOne(() => BudgetLine, { eager: true }) @JoinColumn({ name: 'line_id' }) line!: BudgetLine;
  @Column({ name: 'threshold_pct' }) thresholdPct!: number;
  @Column({ name: 'usage_pct', type: 'numeric' }) usagePct!: string;
  @Column({ type: 'text', array: true }) recipients!: string[];
  @Column({ name: 'message_zh' }) messageZh!: string;
  @Column({ name: 'message_en' }) messageEn!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export type AdjustmentStatus = 'PENDING' | 'EXECUTED' | 'REJECTED' | 'REFUSED';

/** A proposal to move allocation from one line to another (预算调整). */
@Entity('budget_adjustment')
export class BudgetAdjustment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'from_line_id' }) fromLineId!: string;
  @ManyToOne(() => BudgetLine, { eager: true }) @JoinColumn({ name: 'from_line_id' }) fromLine!: BudgetLine;
  @Column({ name: 'to_line_id' }) toLineId!: string;
  @ManyToOne(() => BudgetLine, { eager: true }) @JoinColumn({ name: 'to_line_id' }) toLine!: BudgetLine;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen }) amountFen!: number;
  @Column() reason!: string;
  @Column({ name: 'proposed_by' }) proposedBy!: string;
  /** Money moves into or out of a special fund: the deputy chief approves. */
  @Column({ name: 'needs_deputy_chief' }) needsDeputyChief!: boolean;
  @Column({ type: 'text' }) status!: AdjustmentStatus;
  @Column({ name: 'outcome_note', type: 'text', nullable: true }) outcomeNote!: string | null;
  @Column({ name: 'process_instance_id', type: 'text', nullable: true }) processInstanceId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
