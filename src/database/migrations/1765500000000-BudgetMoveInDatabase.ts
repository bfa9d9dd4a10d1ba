import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One ledger movement as one database call, `budget_move`: lock the line, refuse what the available
 * amount does not cover, append the entry under its unique operation key, move the line's totals.
 * Before, this was a transaction of five round trips from the API, and the line's row stayed locked
 * from the update until the API's commit arrived: under load every reservation on a busy line queued
 * behind the API's event loop. Now the lock is held only inside the database.
 *
 * Same outcomes as before: 'duplicate' when the key has moved money already (also when the line
 * could no longer cover it), 'insufficient' when a guarded movement is not covered (nothing is
 * written), else 'applied' with the entry's id; each with the line's totals afterwards. The audit
 * settings (who acts, from where) are set first, for the triggers of the rows it writes.
 */
export class BudgetMoveInDatabase1765500000000 implements MigrationInterface {
  name = 'BudgetMoveInDatabase1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION budget_move(
        line_id uuid, kind text, amount_fen bigint, claim_id uuid, travel_request_id uuid,
        operation_key text, actor text, reason text, enforce_available boolean,
        audit_actor text, audit_address text,
        OUT outcome text, OUT entry_id bigint, OUT allocated bigint, OUT reserved bigint, OUT committed bigint
      ) LANGUAGE plpgsql AS $$
      DECLARE
        add_allocated bigint := CASE WHEN kind IN ('allocate', 'adjust') THEN amount_fen ELSE 0 END;
        add_reserved bigint := CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'commit' THEN -amount_fen ELSE 0 END;
        add_committed bigint := CASE WHEN kind IN ('commit', 'spend') THEN amount_fen ELSE 0 END;
        -- Only movements that take money away can be refused for want of it.
        guarded boolean := enforce_available AND (kind IN ('reserve', 'spend') OR (kind = 'adjust' AND amount_fen < 0));
      BEGIN
        PERFORM set_config('jingbao.actor', audit_actor, true), set_config('jingbao.address', audit_address, true);
        SELECT l.allocated_fen, l.reserved_fen, l.committed_fen INTO allocated, reserved, committed
          FROM budget_line l WHERE l.id = budget_move.line_id FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'budget line % does not exist', budget_move.line_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF guarded AND allocated - reserved - committed < abs(budget_move.amount_fen) THEN
          outcome := CASE WHEN EXISTS (SELECT 1 FROM budget_entry e WHERE e.operation_key = budget_move.operation_key) THEN 'duplicate' ELSE 'insufficient' END;
          RETURN;
        END IF;
        INSERT INTO budget_entry AS e (line_id, kind, amount_fen, claim_id, travel_request_id, operation_key, actor, reason)
        VALUES (budget_move.line_id, budget_move.kind, budget_move.amount_fen, budget_move.claim_id, budget_move.travel_request_id,
                budget_move.operation_key, budget_move.actor, budget_move.reason)
        ON CONFLICT ON CONSTRAINT budget_entry_operation_key_key DO NOTHING
        RETURNING e.id INTO entry_id;
        IF entry_id IS NULL THEN
          outcome := 'duplicate';
          RETURN;
        END IF;
        UPDATE budget_line l
           SET allocated_fen = l.allocated_fen + add_allocated, reserved_fen = l.reserved_fen + add_reserved, committed_fen = l.committed_fen + add_committed
         WHERE l.id = budget_move.line_id
        RETURNING l.allocated_fen, l.reserved_fen, l.committed_fen INTO allocated, reserved, committed;
        outcome := 'applied';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION budget_move(uuid, text, bigint, uuid, uuid, text, text, text, boolean, text, text)`);
  }
}
