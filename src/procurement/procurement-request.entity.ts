import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppUser, OrgUnit } from '../org/org.entities';
import { Supplier } from '../suppliers/supplier.entity';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { ScreenedFinding } from '../screening/screened-finding';
import type { MethodProposal, ProcurementTier } from './method-proposal';
import type { ProcurementMethod } from './procurement-methods';

const fen = { to: (v: number) => v, from: (v: string) => Number(v) };
const optionalFen = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

export enum ProcurementStatus {
  SCREENING = 'SCREENING',
  RETURNED = 'RETURNED',
  IN_APPROVAL = 'IN_APPROVAL',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
  AWARDED = 'AWARDED',
}

export interface ProcurementItem {
  name: string;
  category: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  spec?: string;
}

/** 采购申请: what a unit wants to buy, on which budget line, by which method. */
@Entity('procurement_request')
export class ProcurementRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'requester_id' }) requesterId!: string;
  @ManyToOne(() => AppUser, { eager: true }) @JoinColumn({ name: 'requester_id' }) requester!: AppUser;
  @Column({ name: 'unit_id' }) unitId!: string;
  @ManyToOne(() => OrgUnit, { eager: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit;
  @Column({ name: 'budget_line_id' }) budgetLineId!: string;
  @Column() category!: string;
  @Column({ type: 'jsonb' }) items!: ProcurementItem[];
  @Column({ name: 'estimate_fen', type: 'bigint', transformer: fen }) estimateFen!: number;
  @Column({ type: 'text' }) method!: ProcurementMethod;
  @Column({ name: 'proposed_method', type: 'text' }) proposedMethod!: ProcurementMethod;
  @Column({ type: 'text' }) tier!: ProcurementTier;
  @Column({ type: 'jsonb' }) proposal!: MethodProposal;
  @Column({ name: 'single_source_reason', type: 'text', nullable: true }) singleSourceReason!: string | null;
  @Column({ name: 'needed_by', type: 'date', nullable: true }) neededBy!: string | null;
  @Column() reason!: string;
  @Column({ name: 'proposed_supplier_id', type: 'uuid', nullable: true }) proposedSupplierId!: string | null;
  @ManyToOne(() => Supplier, { eager: true, nullable: true }) @JoinColumn({ name: 'proposed_supplier_id' }) proposedSupplier!: Supplier | null;
  @Column({ name: 'proposed_amount_fen', type: 'bigint', nullable: true, transformer: optionalFen }) proposedAmountFen!: number | null;
  @Column({ type: 'text' }) status!: ProcurementStatus;
  @Column({ type: 'jsonb' }) findings!: ScreenedFinding[];
  @Column({ name: 'rule_version', type: 'integer', nullable: true }) ruleVersion!: number | null;
  @Column({ name: 'approval_chain', type: 'jsonb' }) approvalChain!: ApprovalStep[];
  @Column({ name: 'submitted_on', type: 'date' }) submittedOn!: string;
  @Column({ name: 'form_version', type: 'integer', nullable: true }) formVersion!: number | null;
  @Column({ name: 'process_instance_id', type: 'text', nullable: true }) processInstanceId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt!: Date;
}

/** A quote (报价) or bid for a request, from a registered supplier. */
@Entity('procurement_quote')
export class ProcurementQuote {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'request_id' }) requestId!: string;
  @Column({ name: 'supplier_id' }) supplierId!: string;
  @ManyToOne(() => Supplier, { eager: true }) @JoinColumn({ name: 'supplier_id' }) supplier!: Supplier;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen }) amountFen!: number;
  @Column({ name: 'attachment_id', type: 'uuid', nullable: true }) attachmentId!: string | null;
  @Column({ name: 'recorded_by' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
