import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What can be done to an approval step; `escalate` and `remind` are the deadline timers' doing. */
export type ApprovalOperation =
  | 'approve' | 'reject' | 'return' | 'return-previous' | 'transfer' | 'delegate' | 'resolve'
  | 'add-signer-before' | 'add-signer-after' | 'copy' | 'urge' | 'withdraw' | 'remind' | 'escalate';

const fen = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** One operation on an approval step of a subject: the record behind 已办, the timeline and the urge limit. */
@Entity('approval_action')
export class ApprovalAction {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'process_instance_id', type: 'text' }) processInstanceId!: string;
  @Column({ name: 'task_id', type: 'text', nullable: true }) taskId!: string | null;
  @Column({ name: 'subject_kind', type: 'text', nullable: true }) subjectKind!: string | null;
  @Column({ name: 'subject_id', type: 'text', nullable: true }) subjectId!: string | null;
  /** The subject's unit and amount when the step was worked: what 已办 filters on. */
  @Column({ name: 'unit_code', type: 'text', nullable: true }) unitCode!: string | null;
  @Column({ name: 'amount_fen', type: 'bigint', nullable: true, transformer: fen }) amountFen!: number | null;
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

/** A subject copied to someone (抄送): they may read it, and it is listed under 抄送我的. */
@Entity('subject_copy')
export class SubjectCopy {
  @PrimaryColumn({ name: 'subject_kind', type: 'text' }) subjectKind!: string;
  @PrimaryColumn({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @PrimaryColumn({ type: 'text' }) recipient!: string;
  @Column({ name: 'copied_by', type: 'text' }) copiedBy!: string;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
}
