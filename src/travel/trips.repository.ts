import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApprovedRequest, EarlierTrip, EarlierTrips } from './trip-facts';

/**
 * Trips of live claims and approved travel requests, looked up by traveller and date range through
 * their GiST indexes. Candidates are fetched with both ends included; the rules apply the exact test.
 */
@Injectable()
export class TripsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Makes a claim's trips the registered ones, replacing what it had. */
  async replaceClaimTrips(
    tx: EntityManager,
    claimId: string,
    trips: { position: number; travellerId: string; destination: string; start: string; end: string }[],
  ): Promise<void> {
    await tx.query(`DELETE FROM trip WHERE claim_id = $1`, [claimId]);
    for (const trip of trips) {
      await tx.query(
        `INSERT INTO trip (claim_id, position, traveller_id, destination, start_day, end_day) VALUES ($1, $2, $3, $4, $5, $6)`,
        [claimId, trip.position, trip.travellerId, trip.destination, trip.start, trip.end],
      );
    }
  }

  /** The traveller's other live trips and approved requests that touch [start, end]. */
  async near(travellerId: string, start: string, end: string, except: { claimId: string; position: number }, db: EntityManager | DataSource = this.dataSource): Promise<EarlierTrips> {
    const trips: EarlierTrip[] = await db.query(
      `SELECT t.claim_id AS "claimId", t.position, t.destination, t.start_day AS start, t.end_day AS "end", c.status AS "claimStatus"
       FROM trip t JOIN claim c ON c.id = t.claim_id
       WHERE t.live AND t.traveller_id = $1 AND t.days && daterange($2::date, $3::date, '[]')
         AND NOT (t.claim_id = $4 AND t.position = $5)
       ORDER BY t.start_day`,
      [travellerId, start, end, except.claimId, except.position],
    );
    const requests: ApprovedRequest[] = await db.query(
      `SELECT id, destination, start_day AS start, end_day AS "end"
       FROM travel_request
       WHERE status = 'APPROVED' AND traveller_id = $1 AND days && daterange($2::date, $3::date, '[]')
       ORDER BY start_day`,
      [travellerId, start, end],
    );
    return { trips, requests };
  }

  async release(tx: EntityManager, claimId: string): Promise<void> {
    await tx.query(`UPDATE trip SET live = false WHERE claim_id = $1 AND live`, [claimId]);
  }
}
