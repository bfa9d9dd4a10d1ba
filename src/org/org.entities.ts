import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** Rank tiers of the travel rules (财行〔2013〕531号): 部级, 司局级, 其余人员. */
export type RankTier = 'minister' | 'bureau' | 'other';
export const RANK_TIERS: RankTier[] = ['minister', 'bureau', 'other'];

export { GROUP_CODES, OPTIONALLY_UNIT_SCOPED_GROUPS, UNIT_SCOPED_GROUPS } from './group-codes';
export type { GroupCode } from './group-codes';
import type { GroupCode } from './group-codes';

@Entity('org_unit')
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Short stable code used in engine candidate groups (`unit-head:chengxi`). */
  @Column({ unique: true }) code!: string;
  @Column({ unique: true }) name!: string;
  /** Registered invoice title (购买方名称) and 统一社会信用代码 invoices must carry. */
  @Column({ name: 'invoice_title' }) invoiceTitle!: string;
  @Column({ name: 'credit_code' }) creditCode!: string;
}

@Entity('app_user')
export class AppUser {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ unique: true }) username!: string;
  @Column({ name: 'display_name' }) displayName!: string;
  @Column() title!: string;
  @Column({ type: 'text' }) tier!: RankTier;
  @Column({ name: 'unit_id' }) unitId!: string;
  @ManyToOne(() => OrgUnit, { eager: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit;
  @Column({ name: 'password_hash', select: false }) passwordHash!: string;
  /** A deactivated account signs in no more and holds no steps; its history stays. */
  @Column({ default: true }) active!: boolean;
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true }) deactivatedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('user_group')
export class UserGroup {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id' }) userId!: string;
  @Column({ name: 'group_code', type: 'text' }) groupCode!: GroupCode;
  /** The unit a unit-scoped group serves; null for bureau-wide groups. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  @ManyToOne(() => OrgUnit, { eager: true, nullable: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit | null;
}

/** The engine's candidate-group id of a group membership. */
export function candidateGroupId(code: GroupCode, unitCode?: string | null): string {
  return unitCode ? `${code}:${unitCode}` : code;
}
