import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from './notification.views';

export type { NotificationKind } from './notification.views';


/**
 * A notification kept for the bell; the browser words it from `kind` and `params` in the reader's
 * language. `webhookState` tracks its delivery to the outbound channel when one is configured.
 */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) recipient!: string;
  @Column({ type: 'text' }) kind!: NotificationKind;
  /** The subject it is about (a claim, a travel request …), if any. */
  @Column({ name: 'subject_kind', type: 'text', nullable: true }) subjectKind!: string | null;
  @Column({ name: 'subject_id', type: 'text', nullable: true }) subjectId!: string | null;
  @Column({ name: 'task_id', type: 'text', nullable: true }) taskId!: string | null;
  @Column({ type: 'text', nullable: true }) actor!: string | null;
  @Column({ type: 'jsonb' }) params!: Record<string, unknown>;
  /** Set where one event must notify a person once however many nodes see it (a new task). */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true, unique: true }) dedupeKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
  @Column({ name: 'webhook_state', type: 'text', nullable: true }) webhookState!: 'pending' | 'sent' | 'failed' | null;
  @Column({ name: 'webhook_attempts', type: 'integer' }) webhookAttempts!: number;
  @Column({ name: 'webhook_next_at', type: 'timestamptz', nullable: true }) webhookNextAt!: Date | null;
}
