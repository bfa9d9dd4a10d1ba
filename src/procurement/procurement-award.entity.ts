import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgUnit } from '../org/org.entities';
import { Supplier } from '../suppliers/supplier.entity';
import type { ProcurementMethod } from './procurement-methods';

const fen = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * 中标/成交: the supplier and amount a purchase was awarded at. Made by `procurement` on an approved
 * request, or imported (request null) from the register kept before the product.
 */
@Entity('procurement_award')
export class ProcurementAward {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'request_id', type: 'uuid', nullable: true }) requestId!: string | null;
  @Column({ name: 'unit_id' }) unitId!: string;
  @ManyToOne(() => OrgUnit, { eager: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit;
  @Column({ name: 'budget_line_id' }) budgetLineId!: string;
  /** 品目 code of 政府采购品目分类目录 (A goods, B works, C services). */
  @Column() category!: string;
  @Column({ type: 'text' }) method!: ProcurementMethod;
  @Column({ name: 'supplier_id' }) supplierId!: string;
  @ManyToOne(() => Supplier, { eager: true }) @JoinColumn({ name: 'supplier_id' }) supplier!: Supplier;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen }) amountFen!: number;
  @Column({ name: 'awarded_on', type: 'date' }) awardedOn!: string;
  /** The day the award notice (中标/成交通知书) was issued, from which CTR-LATE-SIGN counts. */
  @Column({ name: 'notice_on', type: 'date', nullable: true }) noticeOn!: string | null;
  @Column({ type: 'text' }) source!: 'request' | 'import';
  @Column({ name: 'recorded_by' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
