import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { RuleSetDefinition } from './rule-set-definition';

/** One stored version of a rule set; a version is never changed, a change is a new version. */
@Entity('rule_set_version')
export class RuleSetVersion {
  @PrimaryColumn({ name: 'set_name' }) setName!: string;
  @PrimaryColumn() version!: number;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'jsonb' }) definition!: RuleSetDefinition;
  /** `rules/<file>` for shipped versions, the administrator's username otherwise. */
  @Column({ name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
