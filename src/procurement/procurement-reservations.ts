import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BudgetLedger, Movement, MoveOutcome } from '../budget/budget-ledger';

/** Every ledger entry of a procurement request is keyed `procurement-request:<id>:…`. */
export const requestKey = (requestId: string) => `procurement-request:${requestId}:`;

/**
 * A procurement request's money on its budget line: the estimate reserved at submission, cut to the
 * award (the difference released), released when the request ends without a purchase, and — at
 * signing — turned into the contract's commitment. The ledger's entries carry the request in their
 * operation key, so what a request holds is summed from its own entries.
 */
@Injectable()
export class ProcurementReservations {
  constructor(private readonly dataSource: DataSource, private readonly ledger: BudgetLedger) {}

  /** What the request holds reserved on its line now. */
  async held(requestId: string, lineId: string, db: EntityManager | DataSource = this.dataSource): Promise<number> {
    const [row] = await db.query(
      `SELECT coalesce(sum(CASE kind WHEN 'reserve' THEN amount_fen ELSE -amount_fen END), 0) AS held
       FROM budget_entry WHERE line_id = $1 AND kind IN ('reserve', 'release', 'commit') AND operation_key LIKE $2`,
      [lineId, `${requestKey(requestId)}%`],
    );
    return Number(row.held);
  }

  /** Reserves the estimate (refused when a FORBID line cannot cover it): one autocommitted movement. */
  reserve(requestId: string, lineId: string, amountFen: number, enforce: boolean, actor: string): Promise<MoveOutcome> {
    return this.ledger.move({ lineId, kind: 'reserve', amountFen, operationKey: `${requestKey(requestId)}reserve`, actor, reason: '采购申请占用预算 procurement request estimate', enforceAvailable: enforce });
  }

  /** Gives back all the request holds (rejected, withdrawn, returned by screening). */
  async releaseAll(requestId: string, lineId: string, why: string, actor: string, tx?: EntityManager): Promise<void> {
    const held = await this.held(requestId, lineId, tx);
    if (held <= 0) return;
    const movement: Movement = { lineId, kind: 'release', amountFen: held, operationKey: `${requestKey(requestId)}release:${why}`, actor, reason: `采购申请${why === 'rejected' ? '驳回' : why === 'withdrawn' ? '撤回' : '退回'}，释放占用 procurement request ${why}` };
    if (tx) await this.ledger.moveWithin(tx, [movement]);
    else await this.ledger.move(movement);
  }

  /** At the award: keeps the awarded amount reserved and releases the rest of the estimate. */
  async cutToAward(tx: EntityManager, requestId: string, lineId: string, awardFen: number, actor: string): Promise<void> {
    const held = await this.held(requestId, lineId, tx);
    if (held - awardFen > 0) {
      await this.ledger.moveWithin(tx, [{ lineId, kind: 'release', amountFen: held - awardFen, operationKey: `${requestKey(requestId)}award-release`, actor, reason: '成交金额低于预算，释放差额 the award is below the estimate' }]);
    }
  }

  /**
   * At signing: commits the contract amount from the request's reservation (what the reservation
   * does not cover is committed on top) and releases what is left, in the caller's transaction.
   */
  async commitForContract(tx: EntityManager, requestId: string, lineId: string, contractId: string, amountFen: number, actor: string): Promise<void> {
    const held = await this.held(requestId, lineId, tx);
    const fromReservation = Math.min(held, amountFen);
    const movements: Movement[] = [];
    if (fromReservation > 0) movements.push({ lineId, kind: 'commit', amountFen: fromReservation, operationKey: `${requestKey(requestId)}commit:${contractId}`, actor, reason: `合同签订，确认支出 contract ${contractId} signed` });
    if (amountFen > held) movements.push({ lineId, kind: 'spend', amountFen: amountFen - held, operationKey: `${requestKey(requestId)}commit-beyond:${contractId}`, actor, reason: `合同金额超出占用部分 the contract beyond the reservation` });
    if (held - amountFen > 0) movements.push({ lineId, kind: 'release', amountFen: held - amountFen, operationKey: `${requestKey(requestId)}commit-release:${contractId}`, actor, reason: '合同金额低于占用，释放差额 the contract is below the reservation' });
    await this.ledger.moveWithin(tx, movements);
  }
}
