import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { auditContext } from '../audit/audit-context';
import type { EntryKind } from './budget.entities';
import { preparedQuery } from '../database/prepared-query';

/** One movement to write: what, how much, for which business operation. */
export interface Movement {
  lineId: string;
  kind: EntryKind;
  /** Positive, except an `adjust` that takes allocation away. */
  amountFen: number;
  /** Claim, step and attempt of the business action: a second movement under one key moves nothing. */
  operationKey: string;
  actor: string;
  reason: string;
  claimId?: string | null;
  travelRequestId?: string | null;
  /** Refuse a reservation (or a negative adjustment) that the available amount does not cover. */
  enforceAvailable?: boolean;
}

export interface LineTotals {
  allocatedFen: number;
  reservedFen: number;
  committedFen: number;
  availableFen: number;
}

export type MoveOutcome =
  | { result: 'applied'; entryId: string; totals: LineTotals }
  | { result: 'duplicate'; totals: LineTotals }
  | { result: 'insufficient'; totals: LineTotals };

const totalsOf = (row: { allocated_fen: string; reserved_fen: string; committed_fen: string }): LineTotals => {
  const allocatedFen = Number(row.allocated_fen);
  const reservedFen = Number(row.reserved_fen);
  const committedFen = Number(row.committed_fen);
  return { allocatedFen, reservedFen, committedFen, availableFen: allocatedFen - reservedFen - committedFen };
};

/**
 * The ledger: every movement is an entry under a unique operation key, written in the same
 * transaction as the line's totals, by one database call (`budget_move`). It locks the line's row
 * first, so racing reservations on one line serialise there and never pass what is available, and
 * the lock is held only inside the database.
 */
@Injectable()
export class BudgetLedger {
  constructor(private readonly dataSource: DataSource) {}

  async move(movement: Movement): Promise<MoveOutcome> {
    const [outcome] = await this.moveAll([movement]);
    return outcome;
  }

  /**
   * Several movements as one transaction: all happen, or — when one is refused for want of money —
   * none does and the answer is that one refusal. A single movement is one autocommitted call.
   */
  async moveAll(movements: Movement[]): Promise<MoveOutcome[]> {
    if (movements.length === 1) return [await this.moveIn(this.dataSource, movements[0])];
    try {
      return await this.dataSource.transaction(async (tx) => {
        const outcomes: MoveOutcome[] = [];
        for (const movement of movements) {
          const outcome = await this.moveIn(tx, movement);
          // Undo the earlier movements with the rest of the transaction, and say why.
          if (outcome.result === 'insufficient') throw new InsufficientOutcome(outcome);
          outcomes.push(outcome);
        }
        return outcomes;
      });
    } catch (error) {
      if (error instanceof InsufficientOutcome) return [error.outcome];
      throw error;
    }
  }

  /** Movements inside a transaction the caller owns (releases when a claim ends); never refused. */
  async moveWithin(tx: EntityManager, movements: Movement[]): Promise<MoveOutcome[]> {
    const outcomes: MoveOutcome[] = [];
    for (const movement of movements) outcomes.push(await this.moveIn(tx, { ...movement, enforceAvailable: false }));
    return outcomes;
  }

  async totals(lineId: string, db: EntityManager | DataSource = this.dataSource): Promise<LineTotals> {
    const [row] = await db.query(`SELECT allocated_fen, reserved_fen, committed_fen FROM budget_line WHERE id = $1`, [lineId]);
    if (!row) throw new Error(`budget line ${lineId} does not exist`);
    return totalsOf(row);
  }

  /** The line's totals summed from its entries alone: what the running totals must always equal. */
  async derivedTotals(lineId: string): Promise<LineTotals> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(sum(amount_fen) FILTER (WHERE kind IN ('allocate', 'adjust')), 0) AS allocated_fen,
              coalesce(sum(CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'commit' THEN -amount_fen ELSE 0 END), 0) AS reserved_fen,
              coalesce(sum(amount_fen) FILTER (WHERE kind IN ('commit', 'spend')), 0) AS committed_fen
       FROM budget_entry WHERE line_id = $1`,
      [lineId],
    );
    return totalsOf(row);
  }

  /** What a claim (or travel request) holds reserved on each line. */
  async heldBy(subject: { claimId?: string; travelRequestId?: string }, db: EntityManager | DataSource = this.dataSource): Promise<{ lineId: string; heldFen: number }[]> {
    return (await this.standing(subject, db)).filter((row) => row.heldFen !== 0).map(({ lineId, heldFen }) => ({ lineId, heldFen }));
  }

  /** What a claim (or travel request) holds reserved and has had committed, on each line it moved money on. */
  async standing(subject: { claimId?: string; travelRequestId?: string }, db: EntityManager | DataSource = this.dataSource): Promise<{ lineId: string; heldFen: number; committedFen: number }[]> {
    const column = subject.claimId ? 'claim_id' : 'travel_request_id';
    const rows: { line_id: string; held: string; committed: string }[] = await db.query(
      `SELECT line_id, sum(CASE kind WHEN 'reserve' THEN amount_fen ELSE -amount_fen END) AS held,
              coalesce(sum(amount_fen) FILTER (WHERE kind = 'commit'), 0) AS committed
       FROM budget_entry WHERE ${column} = $1 AND kind IN ('reserve', 'release', 'commit')
       GROUP BY line_id`,
      [subject.claimId ?? subject.travelRequestId],
    );
    return rows.map((row) => ({ lineId: row.line_id, heldFen: Number(row.held), committedFen: Number(row.committed) }));
  }

  private async moveIn(db: EntityManager | DataSource, movement: Movement): Promise<MoveOutcome> {
    const context = auditContext.current();
    const [row]: { outcome: MoveOutcome['result']; entry_id: string | null; allocated: string; reserved: string; committed: string }[] = await preparedQuery(
      db,
      `SELECT outcome, entry_id, allocated, reserved, committed FROM budget_move($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        movement.lineId, movement.kind, movement.amountFen, movement.claimId ?? null, movement.travelRequestId ?? null, movement.operationKey,
        movement.actor, movement.reason, movement.enforceAvailable === true, context?.actor ?? '', context?.address ?? '',
      ],
    );
    const totals = totalsOf({ allocated_fen: row.allocated, reserved_fen: row.reserved, committed_fen: row.committed });
    return row.outcome === 'applied' ? { result: 'applied', entryId: String(row.entry_id), totals } : { result: row.outcome, totals };
  }
}

class InsufficientOutcome extends Error {
  constructor(readonly outcome: MoveOutcome) {
    super('insufficient budget');
  }
}
