import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What can be done to an approval step; `escalate` and `remind` are the deadline timers' doing. */
export type ApprovalOperation =
  | 'approve' | 'reject' | 'return' | 'return-previous' | 'transfer' | 'delegate' | 'resolve'
  | 'add-signer-before' | 'add-signer-after' | 'copy' | 'urge' | 'withdraw' | 'remind' | 'escalate';

/** One operation on an approval step: the record behind 已办, the timeline and the urge limit. */
@Entity('approval_action')
export class ApprovalAction {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'process_instance_id', type: 'text' }) processInstanceId!: string;
  @Column({ name: 'task_id', type: 'text', nullable: true }) taskId!: string | null;
  @Column({ name: 'claim_id', type: 'uuid', nullable: true }) claimId!: string | null;
  @Column({ name: 'travel_request_id', type: 'uuid', nullable: true }) travelRequestId!: string | null;
  /** The step's code in the chain (`unit-head`, `finance`, `added-signer`…) or the task's definition key. */
  @Column({ type: 'text', nullable: true }) step!: string | null;
  @Column({ name: 'step_index', type: 'integer', nullable: true }) stepIndex!: number | null;
  @Column({ type: 'text' }) operation!: ApprovalOperation;
  @Column({ type: 'text' }) actor!: string;
  /** The person named: transferee, delegate, added signer, the one copied or urged. */
  @Column({ type: 'text', nullable: true }) target!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A claim copied to someone (抄送): they may read it, and it is listed under 抄送我的. */
@Entity('claim_copy')
export class ClaimCopy {
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @PrimaryColumn({ type: 'text' }) recipient!: string;
  @Column({ name: 'copied_by', type: 'text' }) copiedBy!: string;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
}
