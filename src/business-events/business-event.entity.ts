import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BusinessEventPayload } from './business-event';

/** One published business event; written once in the transaction that made it happen. */
@Entity('business_event')
export class BusinessEventRow {
  /** bigserial: the order consumers read the log in. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column() kind!: string;
  @Column({ name: 'source_kind' }) sourceKind!: string;
  @Column({ name: 'source_id' }) sourceId!: string;
  @Column({ name: 'occurred_on', type: 'date' }) occurredOn!: string;
  @Column({ type: 'jsonb' }) payload!: BusinessEventPayload;
  @Column({ name: 'published_by', type: 'text', nullable: true }) publishedBy!: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' }) publishedAt!: Date;
}
