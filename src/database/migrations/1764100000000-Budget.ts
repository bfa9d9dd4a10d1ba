import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The budget ledger: lines (unit × year × subject × fund) and an append-only ledger of every money
 * movement, each under a unique operation key so a re-delivered task moves money once. The line
 * keeps running totals for atomic reservation; they are always derivable from the entries.
 */
export class Budget1764100000000 implements MigrationInterface {
  name = 'Budget1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        subject text NOT NULL CHECK (subject ~ '^[0-9]{3,7}$'),
        fund_type text NOT NULL CHECK (fund_type IN ('basic', 'special')),
        fund_name text NOT NULL DEFAULT '',
        fund_subjects text[] NOT NULL DEFAULT '{}',
        owner_group text,
        control_mode text NOT NULL CHECK (control_mode IN ('FORBID', 'WARN', 'ALLOW')),
        last_year_actual_fen bigint CHECK (last_year_actual_fen >= 0),
        allocated_fen bigint NOT NULL DEFAULT 0,
        reserved_fen bigint NOT NULL DEFAULT 0 CHECK (reserved_fen >= 0),
        committed_fen bigint NOT NULL DEFAULT 0 CHECK (committed_fen >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((fund_type = 'special') = (fund_name <> '')),
        UNIQUE (unit_id, fiscal_year, subject, fund_type, fund_name)
      )`);
    await q.query(`
      CREATE TABLE budget_entry (
        id bigserial PRIMARY KEY,
        line_id uuid NOT NULL REFERENCES budget_line(id),
        kind text NOT NULL CHECK (kind IN ('allocate', 'adjust', 'reserve', 'release', 'commit', 'spend')),
        amount_fen bigint NOT NULL CHECK (kind = 'adjust' OR amount_fen > 0),
        claim_id uuid REFERENCES claim(id),
        travel_request_id uuid REFERENCES travel_request(id),
        operation_key text NOT NULL UNIQUE,
        actor text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX budget_entry_line ON budget_entry (line_id, id)`);
    await q.query(`CREATE INDEX budget_entry_claim ON budget_entry (claim_id) WHERE claim_id IS NOT NULL`);
    await q.query(`CREATE INDEX budget_entry_travel_request ON budget_entry (travel_request_id) WHERE travel_request_id IS NOT NULL`);
    // A ledger entry is never changed or removed; a correction is a new entry.
    await q.query(`
      CREATE FUNCTION budget_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'budget_entry is append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER budget_entry_append_only BEFORE UPDATE OR DELETE ON budget_entry FOR EACH ROW EXECUTE FUNCTION budget_entry_append_only()`);

    await q.query(`
      CREATE TABLE budget_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        line_id uuid NOT NULL REFERENCES budget_line(id),
        threshold_pct integer NOT NULL,
        usage_pct numeric(7, 2) NOT NULL,
        recipients text[] NOT NULL,
        message_zh text NOT NULL,
        message_en text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (line_id, threshold_pct)
      )`);
    await q.query(`ALTER TABLE claim ADD COLUMN submission integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claim DROP COLUMN submission`);
    await q.query(`DROP TABLE budget_alert`);
    await q.query(`DROP TABLE budget_entry`);
    await q.query(`DROP FUNCTION budget_entry_append_only`);
    await q.query(`DROP TABLE budget_line`);
  }
}
