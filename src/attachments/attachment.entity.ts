import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/** Content of one or more attachments, stored once under its SHA-256. */
@Entity('attachment_blob')
export class AttachmentBlob {
  @PrimaryColumn({ type: 'char', length: 64 }) id!: string;
  @Column({ type: 'bigint', transformer: bigintNumber }) size!: number;
  @Column({ name: 'media_type', type: 'text' }) mediaType!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** A file attached to a record (or uploaded for one not yet filed). Never changed but to be bound; never deleted. */
@Entity('attachment')
export class Attachment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ name: 'media_type', type: 'text' }) mediaType!: string;
  @Column({ type: 'bigint', transformer: bigintNumber }) size!: number;
  /** `invoice` (an invoice's original), a required document's name (`会议通知` …) or null (other). */
  @Column({ type: 'text', nullable: true }) category!: string | null;
  /** The invoice row (its typed number) this original proves. */
  @Column({ name: 'invoice_number', type: 'text', nullable: true }) invoiceNumber!: string | null;
  @Column({ name: 'subject_kind', type: 'text', nullable: true }) subjectKind!: string | null;
  @Column({ name: 'subject_id', type: 'text', nullable: true }) subjectId!: string | null;
  /** The attachment this one replaces. */
  @Column({ type: 'uuid', nullable: true }) supersedes!: string | null;
  /** What an invoice original was read as (the intake answer), kept for screening. */
  @Column({ type: 'jsonb', nullable: true }) extracted!: Record<string, unknown> | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'bound_at', type: 'timestamptz', nullable: true }) boundAt!: Date | null;
}
