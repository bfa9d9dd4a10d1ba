import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contracts (合同), their supplements, payment milestones and items; acceptance (验收) with its lines;
 * contract payment requests; the findings screening raised on either; the SME due-soon log of the
 * daily run. What must never happen is refused here: milestones that do not add up to the contract
 * amount (a deferred check at commit), a payment of another contract's milestone (a composite
 * foreign key), a payment without a positive amount, a payment term over 60 days, a contract signed
 * before its award notice.
 */
export class Contracts1765790000000 implements MigrationInterface {
  name = 'Contracts1765790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contract (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        budget_line_id uuid NOT NULL REFERENCES budget_line(id),
        supplier_id uuid NOT NULL REFERENCES supplier(id),
        award_id uuid REFERENCES procurement_award(id),
        original_id uuid REFERENCES contract(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        award_amount_fen bigint NOT NULL CHECK (award_amount_fen > 0),
        awarded_on date NOT NULL,
        signed_on date CHECK (signed_on IS NULL OR signed_on >= awarded_on),
        ends_on date,
        payment_term_days integer NOT NULL DEFAULT 30 CHECK (payment_term_days BETWEEN 1 AND 60),
        bond_fen bigint NOT NULL DEFAULT 0 CHECK (bond_fen >= 0),
        warranty_ends_on date,
        delivered_on date,
        accepted_on date,
        status text NOT NULL CHECK (status IN ('SCREENING', 'RETURNED', 'IN_APPROVAL', 'SIGNING', 'SIGNED', 'REJECTED')),
        submitter_id uuid NOT NULL REFERENCES app_user(id),
        approval_chain jsonb,
        rule_versions jsonb NOT NULL DEFAULT '{}',
        process_instance_id text UNIQUE,
        imported boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (original_id IS NULL OR original_id <> id)
      )`);
    await q.query(`CREATE INDEX contract_supplier ON contract (supplier_id, signed_on)`);
    await q.query(`CREATE INDEX contract_unit ON contract (unit_id, created_at DESC)`);
    await q.query(`CREATE INDEX contract_original ON contract (original_id) WHERE original_id IS NOT NULL`);
    await q.query(`CREATE INDEX contract_award ON contract (award_id) WHERE award_id IS NOT NULL`);
    await q.query(`CREATE INDEX contract_line ON contract (budget_line_id)`);

    await q.query(`
      CREATE TABLE contract_milestone (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        condition text NOT NULL CHECK (condition IN ('signing', 'delivery', 'acceptance', 'warranty')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        UNIQUE (contract_id, position),
        UNIQUE (contract_id, name),
        UNIQUE (contract_id, id)
      )`);
    // The milestones of a contract add up to its amount exactly, checked when the transaction commits.
    await q.query(`
      CREATE FUNCTION contract_milestones_sum() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target uuid;
        amount bigint;
        total bigint;
      BEGIN
        IF TG_TABLE_NAME = 'contract' THEN target := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN target := OLD.contract_id;
        ELSE target := NEW.contract_id;
        END IF;
        SELECT c.amount_fen INTO amount FROM contract c WHERE c.id = target;
        IF amount IS NULL THEN RETURN NULL; END IF;
        SELECT coalesce(sum(m.amount_fen), 0) INTO total FROM contract_milestone m WHERE m.contract_id = target;
        IF total <> amount THEN
          RAISE EXCEPTION 'milestones of contract % add up to % fen, not its amount % fen', target, total, amount USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER contract_milestones_sum AFTER INSERT OR UPDATE OF amount_fen ON contract DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION contract_milestones_sum()`);
    await q.query(`CREATE CONSTRAINT TRIGGER contract_milestone_sum AFTER INSERT OR UPDATE OR DELETE ON contract_milestone DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION contract_milestones_sum()`);

    await q.query(`
      CREATE TABLE contract_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        category text NOT NULL DEFAULT '',
        quantity numeric(14, 2) NOT NULL CHECK (quantity > 0),
        unit_price_fen bigint NOT NULL CHECK (unit_price_fen >= 0),
        special_equipment boolean NOT NULL DEFAULT false,
        UNIQUE (contract_id, position),
        UNIQUE (contract_id, id)
      )`);

    await q.query(`
      CREATE TABLE acceptance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL REFERENCES contract(id),
        delivered_on date NOT NULL,
        accepted_on date NOT NULL CHECK (accepted_on >= delivered_on),
        accepted_by text NOT NULL CHECK (length(accepted_by) BETWEEN 1 AND 200),
        note text NOT NULL DEFAULT '',
        recorded_by uuid REFERENCES app_user(id),
        imported boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX acceptance_contract ON acceptance (contract_id, accepted_on)`);
    await q.query(`
      CREATE TABLE acceptance_line (
        acceptance_id uuid NOT NULL REFERENCES acceptance(id) ON DELETE CASCADE,
        contract_id uuid NOT NULL,
        item_id uuid NOT NULL,
        quantity numeric(14, 2) NOT NULL CHECK (quantity > 0),
        unit_price_fen bigint NOT NULL CHECK (unit_price_fen >= 0),
        for_asset_card boolean NOT NULL,
        PRIMARY KEY (acceptance_id, item_id),
        FOREIGN KEY (contract_id, item_id) REFERENCES contract_item(contract_id, id)
      )`);

    await q.query(`
      CREATE TABLE contract_payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        contract_id uuid NOT NULL REFERENCES contract(id),
        milestone_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        payee_account text NOT NULL,
        requested_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('SCREENING', 'RETURNED', 'IN_APPROVAL', 'APPROVED', 'PAID', 'REJECTED')),
        submitter_id uuid REFERENCES app_user(id),
        approval_chain jsonb,
        rule_versions jsonb NOT NULL DEFAULT '{}',
        process_instance_id text UNIQUE,
        approved_on date,
        paid_on date,
        paid_batch text,
        failure_reason text,
        imported boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (contract_id, milestone_id) REFERENCES contract_milestone(contract_id, id),
        CHECK ((status = 'PAID') = (paid_on IS NOT NULL))
      )`);
    // Paid to date and what is asked for per contract: the two sums every payment screening reads.
    await q.query(`CREATE INDEX contract_payment_contract ON contract_payment (contract_id, status) INCLUDE (amount_fen, milestone_id)`);
    await q.query(`CREATE INDEX contract_payment_due ON contract_payment (status) WHERE status = 'APPROVED'`);

    await q.query(`
      CREATE TABLE chain_finding (
        id bigserial PRIMARY KEY,
        subject_kind text NOT NULL CHECK (subject_kind IN ('contract', 'contract-payment')),
        subject_id uuid NOT NULL,
        rule_id text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('block', 'warn', 'info')),
        message_zh text NOT NULL,
        message_en text NOT NULL,
        facts jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX chain_finding_subject ON chain_finding (subject_kind, subject_id)`);

    // One row per milestone and day the daily SME run found due soon or late: the run is idempotent per day.
    await q.query(`
      CREATE TABLE sme_due_alert (
        milestone_id uuid NOT NULL REFERENCES contract_milestone(id) ON DELETE CASCADE,
        day date NOT NULL,
        contract_id uuid NOT NULL REFERENCES contract(id),
        due_on date NOT NULL,
        outstanding_fen bigint NOT NULL CHECK (outstanding_fen > 0),
        late boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (milestone_id, day)
      )`);

    for (const table of ['contract', 'contract_milestone', 'contract_item', 'acceptance', 'acceptance_line', 'contract_payment', 'chain_finding', 'sme_due_alert']) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sme_due_alert', 'chain_finding', 'contract_payment', 'acceptance_line', 'acceptance', 'contract_item', 'contract_milestone', 'contract']) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION contract_milestones_sum()`);
  }
}
