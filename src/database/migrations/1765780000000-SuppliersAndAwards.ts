import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 供应商库 and the awards (中标/成交) made to suppliers. One supplier per 统一社会信用代码 (the code's
 * GB 32100 check is the service's; the database keeps its shape). An award names the unit, budget
 * line, 品目 code, method, supplier and amount; `request_id` is null for earlier awards imported as
 * given data. The indexes serve the screening rules: PROC-SPLIT sums a line's awards of one category
 * in a fiscal year, PROC-SUPPLIER-CONCENTRATION a unit's awards of one category over twelve months.
 */
export class SuppliersAndAwards1765780000000 implements MigrationInterface {
  name = 'SuppliersAndAwards1765780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supplier (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        credit_code char(18) NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        bank_account text CHECK (bank_account IS NULL OR bank_account ~ '^[0-9]{6,34}$'),
        bank_name text,
        sme boolean NOT NULL DEFAULT false,
        contacts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(contacts) = 'array'),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX supplier_name_unique ON supplier (lower(btrim(name)))`);
    await q.query(`
      CREATE TABLE procurement_award (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid UNIQUE,
        unit_id uuid NOT NULL REFERENCES org_unit (id),
        budget_line_id uuid NOT NULL REFERENCES budget_line (id),
        category text NOT NULL CHECK (category ~ '^[ABC][0-9]{0,12}$'),
        method text NOT NULL CHECK (method IN ('self', 'inquiry', 'competitive-negotiation', 'competitive-consultation', 'single-source', 'open-tender', 'centralised')),
        supplier_id uuid NOT NULL REFERENCES supplier (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        awarded_on date NOT NULL,
        notice_on date CHECK (notice_on IS NULL OR notice_on >= awarded_on - 60),
        source text NOT NULL CHECK (source IN ('request', 'import')),
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((source = 'request') = (request_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX procurement_award_split ON procurement_award (budget_line_id, category, awarded_on) INCLUDE (method, amount_fen)`);
    await q.query(`CREATE INDEX procurement_award_concentration ON procurement_award (unit_id, category, awarded_on) INCLUDE (supplier_id, amount_fen)`);
    await q.query(`CREATE INDEX procurement_award_supplier ON procurement_award (supplier_id, awarded_on)`);
    for (const table of ['supplier', 'procurement_award']) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE procurement_award`);
    await q.query(`DROP TABLE supplier`);
  }
}
