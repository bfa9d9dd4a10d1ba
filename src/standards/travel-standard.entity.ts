import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type StandardKind = 'lodging' | 'allowance' | 'seat-class';

/** Lodging row (`城市|tier`): a city's cap for a tier, its peak season and optional allowance overrides. */
export interface LodgingRow {
  perNightFen: number;
  peakMonths: number[];
  peakUpliftPct: number;
  mealPerDayFen?: number;
  transportPerDayFen?: number;
}

/** Allowance row (a region: a province, a city, or `*`): meal and city-transport allowance per day. */
export interface AllowanceRow {
  mealPerDayFen: number;
  transportPerDayFen: number;
}

/** Seat-class row (`tier|mode`): the classes a tier may use on a mode. */
export interface SeatClassRow {
  classes: string[];
}

/** One travel-standard row; a row applies from its effective day until a later row for its key. */
@Entity('travel_standard')
export class TravelStandard {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) kind!: StandardKind;
  @Column() key!: string;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'jsonb' }) data!: LodgingRow | AllowanceRow | SeatClassRow;
  /** The regulation it comes from, or `sample` where the value is not verified. */
  @Column() source!: string;
  @Column({ name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
