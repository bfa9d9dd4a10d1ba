import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface SupplierContact {
  name: string;
  phone?: string;
  role?: string;
}

/** 供应商: one per 统一社会信用代码; the bank account is what contract payments are paid to. */
@Entity('supplier')
export class Supplier {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() name!: string;
  @Column({ name: 'credit_code', type: 'char', length: 18 }) creditCode!: string;
  @Column({ name: 'bank_account', type: 'text', nullable: true }) bankAccount!: string | null;
  @Column({ name: 'bank_name', type: 'text', nullable: true }) bankName!: string | null;
  @Column() sme!: boolean;
  @Column({ type: 'jsonb' }) contacts!: SupplierContact[];
  @Column({ name: 'created_by' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt!: Date;
}
