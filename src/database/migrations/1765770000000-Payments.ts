import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment (出纳支付). People's payroll accounts and 公务卡 numbers; claims gain `PAID` and the day they
 * were approved (kept by a trigger, so 待支付 can say how long a claim has waited); the ledger gains
 * the `pay` movement, which marks committed money as paid (`paid_fen` is the paid part of
 * `committed_fen`, so available is unchanged); payment batches and their lines, where a source
 * (claim, contract payment) can stand in one live line only — a unique index, so nothing is paid
 * twice however often a batch is built, exported or its result imported; 公务卡 transactions from
 * the bank's statements and the claim invoice each matched.
 */
export class Payments1765770000000 implements MigrationInterface {
  name = 'Payments1765770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES app_user(id),
        account_no text NOT NULL CHECK (account_no ~ '^[0-9]{12,30}$'),
        bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 2 AND 60),
        card_no text CHECK (card_no ~ '^[0-9]{16,19}$'),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX person_account_card ON person_account (card_no) WHERE card_no IS NOT NULL`);

    await q.query(`ALTER TABLE claim DROP CONSTRAINT claim_status_check`);
    await q.query(`ALTER TABLE claim ADD CONSTRAINT claim_status_check CHECK (status IN ('SCREENING', 'RETURNED', 'IN_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'PAID'))`);
    await q.query(`ALTER TABLE claim ADD COLUMN approved_on date`);
    await q.query(`
      UPDATE claim c SET approved_on = coalesce(
        (SELECT min(e.at)::date FROM audit_event e WHERE e.entity = 'claim' AND e.entity_id = c.id::text AND e.after->>'status' = 'APPROVED'),
        c.updated_at::date)
       WHERE c.status = 'APPROVED'`);
    await q.query(`
      CREATE FUNCTION claim_approved_on() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'APPROVED' AND NEW.approved_on IS NULL THEN NEW.approved_on := current_date; END IF;
        -- Only the bank's confirmation pays a claim, and only an approved one.
        IF NEW.status = 'PAID' AND OLD.status <> 'PAID' AND OLD.status <> 'APPROVED' THEN
          RAISE EXCEPTION 'only an approved claim can be paid (claim %, status %)', NEW.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER claim_approved_on BEFORE UPDATE OF status ON claim FOR EACH ROW EXECUTE FUNCTION claim_approved_on()`);

    await q.query(`ALTER TABLE budget_entry DROP CONSTRAINT budget_entry_kind_check`);
    await q.query(`ALTER TABLE budget_entry ADD CONSTRAINT budget_entry_kind_check CHECK (kind IN ('allocate', 'adjust', 'reserve', 'release', 'commit', 'spend', 'pay'))`);
    await q.query(`ALTER TABLE budget_line ADD COLUMN paid_fen bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE budget_line ADD CONSTRAINT budget_line_paid_within_committed CHECK (paid_fen >= 0 AND paid_fen <= committed_fen)`);
    await q.query(BUDGET_MOVE_WITH_PAY);

    await q.query(`
      CREATE TABLE payment_batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('IN_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPORTED', 'PARTIAL', 'COMPLETED')),
        title text NOT NULL,
        created_by text NOT NULL,
        total_fen bigint NOT NULL CHECK (total_fen > 0),
        line_count integer NOT NULL CHECK (line_count > 0),
        approval_chain jsonb NOT NULL DEFAULT '[]',
        process_instance_id text UNIQUE,
        approved_at timestamptz,
        exported_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE payment_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        batch_id uuid NOT NULL REFERENCES payment_batch(id),
        row_no integer NOT NULL CHECK (row_no > 0),
        source_kind text NOT NULL,
        source_id text NOT NULL,
        reference text NOT NULL,
        title text NOT NULL,
        payee_kind text NOT NULL CHECK (payee_kind IN ('person', 'supplier')),
        payee_key text NOT NULL,
        payee_name text NOT NULL,
        account_no text NOT NULL CHECK (account_no ~ '^[0-9]{12,30}$'),
        bank_name text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        method text NOT NULL CHECK (method IN ('authorized', 'card', 'direct')),
        budget_line_id text NOT NULL,
        budget_unit text NOT NULL,
        budget_subject text NOT NULL,
        budget_fund text NOT NULL,
        budget_name text,
        due_since date NOT NULL,
        notes jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PAID', 'FAILED', 'RELEASED')),
        bank_reason text,
        paid_on date,
        resolved_by text,
        resolved_at timestamptz,
        UNIQUE (batch_id, row_no),
        UNIQUE (batch_id, source_kind, source_id),
        CHECK ((status = 'PAID') = (paid_on IS NOT NULL)),
        CHECK (status <> 'FAILED' OR bank_reason IS NOT NULL)
      )`);
    // A source stands in one live line at most: pending in an open batch, or paid.
    await q.query(`CREATE UNIQUE INDEX payment_line_live_source ON payment_line (source_kind, source_id) WHERE status IN ('PENDING', 'PAID')`);
    await q.query(`CREATE INDEX payment_line_source ON payment_line (source_kind, source_id)`);
    await q.query(`
      CREATE FUNCTION payment_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'a payment line is never deleted' USING ERRCODE = 'check_violation'; END IF;
        IF OLD.status IN ('PAID', 'FAILED', 'RELEASED') THEN
          RAISE EXCEPTION 'payment line % is resolved (%) and never changes', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.amount_fen <> OLD.amount_fen OR NEW.account_no <> OLD.account_no OR NEW.source_id <> OLD.source_id OR NEW.batch_id <> OLD.batch_id THEN
          RAISE EXCEPTION 'a payment line pays what it was built with' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER payment_line_guard BEFORE UPDATE OR DELETE ON payment_line FOR EACH ROW EXECUTE FUNCTION payment_line_guard()`);
    await q.query(`
      CREATE TABLE payment_batch_event (
        id bigserial PRIMARY KEY,
        batch_id uuid NOT NULL REFERENCES payment_batch(id),
        action text NOT NULL,
        actor text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX payment_batch_event_batch ON payment_batch_event (batch_id, id)`);

    await q.query(`
      CREATE TABLE card_statement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name text NOT NULL,
        layout text NOT NULL,
        transactions integer NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE card_transaction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL REFERENCES card_statement(id),
        reference text NOT NULL UNIQUE,
        card_no text NOT NULL CHECK (card_no ~ '^[0-9]{16,19}$'),
        holder text NOT NULL,
        txn_day date NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        merchant text NOT NULL,
        claim_id uuid REFERENCES claim(id),
        invoice_number text,
        matched_at timestamptz,
        CHECK ((claim_id IS NULL) = (invoice_number IS NULL)),
        UNIQUE (claim_id, invoice_number)
      )`);
    await q.query(`CREATE INDEX card_transaction_unmatched ON card_transaction (card_no, txn_day) WHERE claim_id IS NULL`);
    for (const table of ['person_account', 'payment_batch', 'payment_line', 'card_statement', 'card_transaction']) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['card_transaction', 'card_statement', 'payment_batch_event', 'payment_line', 'payment_batch', 'person_account']) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION payment_line_guard()`);
    await q.query(`DROP TRIGGER claim_approved_on ON claim`);
    await q.query(`DROP FUNCTION claim_approved_on()`);
    await q.query(`ALTER TABLE claim DROP COLUMN approved_on`);
    await q.query(`UPDATE claim SET status = 'APPROVED' WHERE status = 'PAID'`);
    await q.query(`ALTER TABLE claim DROP CONSTRAINT claim_status_check`);
    await q.query(`ALTER TABLE claim ADD CONSTRAINT claim_status_check CHECK (status IN ('SCREENING', 'RETURNED', 'IN_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN'))`);
    await q.query(BUDGET_MOVE_WITH_PAY.replace(', paid_fen = l.paid_fen + add_paid', ''));
    // budget_entry is append-only: its `pay` rows, and the kind check that allows them, stay.
    await q.query(`ALTER TABLE budget_line DROP CONSTRAINT budget_line_paid_within_committed`);
    await q.query(`ALTER TABLE budget_line DROP COLUMN paid_fen`);
  }
}

/** `budget_move` as before, and `pay`: the paid part of the committed money grows, nothing else moves. */
const BUDGET_MOVE_WITH_PAY = `
  CREATE OR REPLACE FUNCTION budget_move(
    line_id uuid, kind text, amount_fen bigint, claim_id uuid, travel_request_id uuid,
    operation_key text, actor text, reason text, enforce_available boolean,
    audit_actor text, audit_address text,
    OUT outcome text, OUT entry_id bigint, OUT allocated bigint, OUT reserved bigint, OUT committed bigint
  ) LANGUAGE plpgsql AS $$
  DECLARE
    add_allocated bigint := CASE WHEN kind IN ('allocate', 'adjust') THEN amount_fen ELSE 0 END;
    add_reserved bigint := CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'commit' THEN -amount_fen ELSE 0 END;
    add_committed bigint := CASE WHEN kind IN ('commit', 'spend') THEN amount_fen ELSE 0 END;
    add_paid bigint := CASE WHEN kind = 'pay' THEN amount_fen ELSE 0 END;
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
       SET allocated_fen = l.allocated_fen + add_allocated, reserved_fen = l.reserved_fen + add_reserved,
           committed_fen = l.committed_fen + add_committed, paid_fen = l.paid_fen + add_paid
     WHERE l.id = budget_move.line_id
    RETURNING l.allocated_fen, l.reserved_fen, l.committed_fen INTO allocated, reserved, committed;
    outcome := 'applied';
  END $$`;
