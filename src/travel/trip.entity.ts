import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A trip of a claim, kept as a date range under a GiST index so conflicts are index look-ups. */
@Entity('trip')
export class Trip {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'claim_id' }) claimId!: string;
  /** Index of the trip in the claim document. */
  @Column() position!: number;
  @Column({ name: 'traveller_id' }) travellerId!: string;
  @Column() destination!: string;
  @Column({ name: 'start_day', type: 'date' }) startDay!: string;
  @Column({ name: 'end_day', type: 'date' }) endDay!: string;
  /** False once the claim is rejected or withdrawn. */
  @Column() live!: boolean;
}
