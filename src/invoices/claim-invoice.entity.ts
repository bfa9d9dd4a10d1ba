import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The invoice registry: which claim holds which invoice. A partial unique index on `invoice_key`
 * over live rows means two live claims can never hold one invoice.
 */
@Entity('claim_invoice')
export class ClaimInvoice {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'claim_id' }) claimId!: string;
  @Column({ name: 'invoice_key' }) invoiceKey!: string;
  @Column({ name: 'invoice_date', type: 'date' }) invoiceDate!: string;
  @Column({ name: 'seller_tax_id' }) sellerTaxId!: string;
  @Column({ name: 'total_fen', type: 'bigint' }) totalFen!: string;
  /** False once the claim is rejected or withdrawn: the invoice may then be claimed again. */
  @Column() live!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
