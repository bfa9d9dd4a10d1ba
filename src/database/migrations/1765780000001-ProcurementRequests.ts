import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 采购申请 and their quotes. A request keeps what was asked (items with exact fen prices, the 品目,
 * the chosen and the proposed method, the estimate reserved on its budget line), its findings and
 * the approval chain the shared loop walks. Quotes name registered suppliers, one quote per supplier
 * per request. An award made on a request points back at it (one award per request).
 */
export class ProcurementRequests1765780000001 implements MigrationInterface {
  name = 'ProcurementRequests1765780000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE procurement_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requester_id uuid NOT NULL REFERENCES app_user (id),
        unit_id uuid NOT NULL REFERENCES org_unit (id),
        budget_line_id uuid NOT NULL REFERENCES budget_line (id),
        category text NOT NULL CHECK (category ~ '^[ABC][0-9]{0,12}$'),
        items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) > 0),
        estimate_fen bigint NOT NULL CHECK (estimate_fen > 0),
        method text NOT NULL,
        proposed_method text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('self', 'government', 'open-tender')),
        proposal jsonb NOT NULL,
        single_source_reason text,
        needed_by date,
        reason text NOT NULL,
        proposed_supplier_id uuid REFERENCES supplier (id),
        proposed_amount_fen bigint CHECK (proposed_amount_fen IS NULL OR proposed_amount_fen > 0),
        status text NOT NULL CHECK (status IN ('SCREENING', 'RETURNED', 'IN_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'AWARDED')),
        findings jsonb NOT NULL DEFAULT '[]',
        rule_version integer,
        approval_chain jsonb NOT NULL DEFAULT '[]',
        submitted_on date NOT NULL,
        form_version integer,
        process_instance_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX procurement_request_requester ON procurement_request (requester_id, created_at DESC)`);
    await q.query(`CREATE INDEX procurement_request_unit ON procurement_request (unit_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE procurement_quote (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES procurement_request (id),
        supplier_id uuid NOT NULL REFERENCES supplier (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        attachment_id uuid REFERENCES attachment (id),
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (request_id, supplier_id)
      )`);
    await q.query(`ALTER TABLE procurement_award ADD CONSTRAINT procurement_award_request FOREIGN KEY (request_id) REFERENCES procurement_request (id)`);
    for (const table of ['procurement_request', 'procurement_quote']) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procurement_award DROP CONSTRAINT procurement_award_request`);
    await q.query(`DROP TABLE procurement_quote`);
    await q.query(`DROP TABLE procurement_request`);
  }
}
