import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { AppUser, OrgUnit } from '../org/org.entities';
import type { ClaimDocument } from './dto/claim-document.dto';

export enum ClaimStatus {
  SCREENING = 'SCREENING',
  RETURNED = 'RETURNED',
  IN_APPROVAL = 'IN_APPROVAL',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
  /** The bank confirmed the payment (出纳支付); only an approved claim becomes paid. */
  PAID = 'PAID',
}

import type { ApprovalStep } from '../subjects/approval-loop';
export type { ApprovalStep };

export type Severity = 'block' | 'warn' | 'adjust' | 'info';

const fenColumn = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('claim')
export class Claim {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) type!: 'travel' | 'expense';
  @Column({ type: 'text' }) status!: ClaimStatus;
  @Column({ name: 'claimant_id' }) claimantId!: string;
  @ManyToOne(() => AppUser) @JoinColumn({ name: 'claimant_id' }) claimant!: AppUser;
  /** The unit whose budget line is charged; its unit head approves. */
  @Column({ name: 'unit_id' }) unitId!: string;
  @ManyToOne(() => OrgUnit, { eager: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit;
  /** The claim as the form submitted it (the acceptance format). */
  @Column({ type: 'jsonb' }) document!: ClaimDocument;
  @Column({ name: 'total_fen', type: 'bigint', transformer: fenColumn }) totalFen!: number;
  /** The day screening takes as today (the latest submission or resubmission). */
  @Column({ name: 'submitted_on', type: 'date' }) submittedOn!: string;
  /** The claimed total less what `adjust` findings cut; null until screening has run. */
  @Column({ name: 'reimbursable_fen', type: 'bigint', nullable: true, transformer: fenColumn }) reimbursableFen!: number | null;
  /** The approval chain the `route` step wrote, in order. */
  @Column({ name: 'approval_chain', type: 'jsonb', nullable: true }) approvalChain!: ApprovalStep[] | null;
  /** The rule-set versions the latest screening used, by set. */
  @Column({ name: 'rule_versions', type: 'jsonb' }) ruleVersions!: Record<string, number>;
  @Column({ name: 'process_instance_id', type: 'text', nullable: true, unique: true }) processInstanceId!: string | null;
  /** The version of the claim's Form.io form the latest submission was checked against. */
  @Column({ name: 'form_version', type: 'integer', nullable: true }) formVersion!: number | null;
  /** 1 at submission, one more at every resubmission: the attempt of the business action. */
  @Column() submission!: number;
  @VersionColumn() revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('claim_finding')
export class ClaimFinding {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'claim_id' }) claimId!: string;
  /** The screening step (external-task topic) that produced it; a re-screen replaces its own. */
  @Column() source!: string;
  @Column({ name: 'rule_id' }) ruleId!: string;
  @Column({ type: 'text' }) severity!: Severity;
  @Column({ name: 'message_zh' }) messageZh!: string;
  @Column({ name: 'message_en' }) messageEn!: string;
  /** The facts that decided it, so an approver sees why without opening another screen. */
  @Column({ type: 'jsonb' }) facts!: Record<string, unknown>;
  /** For `adjust` findings: the amount cut from the claim, in fen. */
  @Column({ name: 'adjust_fen', type: 'bigint', nullable: true, transformer: fenColumn }) adjustFen!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
