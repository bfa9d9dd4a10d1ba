import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryResult } from 'typeorm';
import type { EntryKind } from './budget.entities';

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

/** How each kind changes a line's running totals. */
const EFFECTS: Record<EntryKind, { allocated: number; reserved: number; committed: number }> = {
  allocate: { allocated: 1, reserved: 0, committed: 0 },
  adjust: { allocated: 1, reserved: 0, committed: 0 },
  reserve: { allocated: 0, reserved: 1, committed: 0 },
  release: { allocated: 0, reserved: -1, committed: 0 },
  commit: { allocated: 0, reserved: -1, committed: 1 },
  spend: { allocated: 0, reserved: 0, committed: 1 },
};

const totalsOf = (row: { allocated_fen: string; reserved_fen: string; committed_fen: string }): LineTotals => {
  const allocatedFen = Number(row.allocated_fen);
  const reservedFen = Number(row.reserved_fen);
  const committedFen = Number(row.committed_fen);
  return { allocatedFen, reservedFen, committedFen, availableFen: allocatedFen - reservedFen - committedFen };
};

/**
 * The ledger: every movement is an entry under a unique operation key, written in the same
 * transaction as the line's totals. Reserving is one conditional UPDATE, so racing reservations on
 * one line serialise on its row and never pass what is available.
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
   * none does and the answer is that one refusal.
   */
  async moveAll(movements: Movement[]): Promise<MoveOutcome[]> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const outcomes: MoveOutcome[] = [];
        for (const movement of movements) outcomes.push(await this.moveIn(tx, movement));
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

  private async moveIn(tx: EntityManager, movement: Movement): Promise<MoveOutcome> {
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO budget_entry (line_id, kind, amount_fen, claim_id, travel_request_id, operation_key, actor, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (operation_key) DO NOTHING RETURNING id`,
      [movement.lineId, movement.kind, movement.amountFen, movement.claimId ?? null, movement.travelRequestId ?? null, movement.operationKey, movement.actor, movement.reason],
    );
    if (inserted.length === 0) return { result: 'duplicate', totals: await this.totals(movement.lineId, tx) };

    const effect = EFFECTS[movement.kind];
    const amount = movement.amountFen;
    // Only movements that take money away can be refused for want of it.
    const takesMoney = movement.kind === 'reserve' || movement.kind === 'spend' || (movement.kind === 'adjust' && amount < 0);
    const guarded = movement.enforceAvailable === true && takesMoney;
    // A structured result: for UPDATE … RETURNING, TypeORM's plain query() answers [rows, count].
    const { records } = (await tx.queryRunner!.query(
      `UPDATE budget_line
       SET allocated_fen = allocated_fen + $2, reserved_fen = reserved_fen + $3, committed_fen = committed_fen + $4
       WHERE id = $1 ${guarded ? 'AND allocated_fen - reserved_fen - committed_fen >= $5' : ''}
       RETURNING allocated_fen, reserved_fen, committed_fen`,
      guarded
        ? [movement.lineId, effect.allocated * amount, effect.reserved * amount, effect.committed * amount, Math.abs(amount)]
        : [movement.lineId, effect.allocated * amount, effect.reserved * amount, effect.committed * amount],
      true,
    )) as QueryResult;
    const row = records[0];
    if (!row) {
      // Undo the entry with the rest of the transaction, and say why.
      throw new InsufficientOutcome({ result: 'insufficient', totals: await this.totals(movement.lineId, tx) });
    }
    return { result: 'applied', entryId: String(inserted[0].id), totals: totalsOf(row) };
  }
}

class InsufficientOutcome extends Error {
  constructor(readonly outcome: MoveOutcome) {
    super('insufficient budget');
  }
}
