import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AppUser, OrgUnit } from '../org/org.entities';

export enum TravelRequestStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

const fen = { to: (v: number) => v, from: (v: string) => Number(v) };

/** 出差申请: approved before the trip, what travel claims are checked against. */
@Entity('travel_request')
export class TravelRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'traveller_id' }) travellerId!: string;
  @ManyToOne(() => AppUser, { eager: true }) @JoinColumn({ name: 'traveller_id' }) traveller!: AppUser;
  @Column({ name: 'requester_id' }) requesterId!: string;
  @ManyToOne(() => AppUser, { eager: true }) @JoinColumn({ name: 'requester_id' }) requester!: AppUser;
  @Column({ name: 'unit_id' }) unitId!: string;
  @ManyToOne(() => OrgUnit, { eager: true }) @JoinColumn({ name: 'unit_id' }) unit!: OrgUnit;
  @Column() destination!: string;
  @Column({ name: 'start_day', type: 'date' }) startDay!: string;
  @Column({ name: 'end_day', type: 'date' }) endDay!: string;
  @Column({ name: 'estimate_fen', type: 'bigint', transformer: fen }) estimateFen!: number;
  @Column() purpose!: string;
  @Column({ type: 'text' }) status!: TravelRequestStatus;
  /** The version of the `travel-request` form it was filed with. */
  @Column({ name: 'form_version', type: 'integer', nullable: true }) formVersion!: number | null;
  @Column({ name: 'process_instance_id', type: 'text', nullable: true }) processInstanceId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
