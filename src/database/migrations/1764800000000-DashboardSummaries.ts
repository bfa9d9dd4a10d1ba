import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the dashboards read at a bureau's scale (a million claims, millions of ledger entries):
 * money committed per line and month, and findings per year, unit, rule and severity, both kept by
 * triggers in the writing transaction; and indexes for the claim counts and drill-downs.
 */
export class DashboardSummaries1764800000000 implements MigrationInterface {
  name = 'DashboardSummaries1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_month_total (
        line_id uuid NOT NULL REFERENCES budget_line(id),
        month integer NOT NULL CHECK (month BETWEEN 1 AND 12),
        committed_fen bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (line_id, month)
      )`);
    await q.query(`
      CREATE FUNCTION budget_month_total_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind IN ('commit', 'spend') THEN
          INSERT INTO budget_month_total (line_id, month, committed_fen)
          VALUES (NEW.line_id, extract(month FROM NEW.created_at AT TIME ZONE 'Asia/Shanghai')::int, NEW.amount_fen)
          ON CONFLICT (line_id, month) DO UPDATE SET committed_fen = budget_month_total.committed_fen + EXCLUDED.committed_fen;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER budget_entry_month_total AFTER INSERT ON budget_entry FOR EACH ROW EXECUTE FUNCTION budget_month_total_add()`);
    await q.query(`
      INSERT INTO budget_month_total (line_id, month, committed_fen)
      SELECT line_id, extract(month FROM created_at AT TIME ZONE 'Asia/Shanghai')::int, sum(amount_fen)
      FROM budget_entry WHERE kind IN ('commit', 'spend') GROUP BY 1, 2`);

    await q.query(`
      CREATE TABLE finding_tally (
        year integer NOT NULL,
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        rule_id text NOT NULL,
        severity text NOT NULL,
        findings integer NOT NULL DEFAULT 0,
        PRIMARY KEY (year, unit_id, rule_id, severity)
      )`);
    await q.query(`
      CREATE FUNCTION finding_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        row_data claim_finding := coalesce(NEW, OLD);
        delta integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
        claim_year integer;
        claim_unit uuid;
      BEGIN
        SELECT extract(year FROM submitted_on)::int, unit_id INTO claim_year, claim_unit FROM claim WHERE id = row_data.claim_id;
        IF claim_unit IS NULL THEN RETURN NULL; END IF;
        INSERT INTO finding_tally (year, unit_id, rule_id, severity, findings) VALUES (claim_year, claim_unit, row_data.rule_id, row_data.severity, delta)
        ON CONFLICT (year, unit_id, rule_id, severity) DO UPDATE SET findings = finding_tally.findings + EXCLUDED.findings;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER claim_finding_tally AFTER INSERT OR DELETE ON claim_finding FOR EACH ROW EXECUTE FUNCTION finding_tally_change()`);
    await q.query(`
      INSERT INTO finding_tally (year, unit_id, rule_id, severity, findings)
      SELECT extract(year FROM c.submitted_on)::int, c.unit_id, f.rule_id, f.severity, count(*)
      FROM claim_finding f JOIN claim c ON c.id = f.claim_id GROUP BY 1, 2, 3, 4`);

    // A line's allocations and adjustments after the initial one, for the workspace's adjustments column.
    await q.query(`CREATE INDEX budget_entry_allocation ON budget_entry (line_id) INCLUDE (amount_fen, operation_key) WHERE kind IN ('allocate', 'adjust')`);
    await q.query(`CREATE INDEX claim_submitted_unit ON claim (submitted_on, unit_id)`);
    await q.query(`CREATE INDEX claim_returned ON claim (submitted_on, unit_id) WHERE submission > 1 OR status = 'RETURNED'`);
    await q.query(`CREATE INDEX claim_unit_submitted ON claim (unit_id, submitted_on DESC)`);
    await q.query(`CREATE INDEX claim_subject_submitted ON claim ((document->'budgetLine'->>'subject'), submitted_on DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['claim_subject_submitted', 'claim_unit_submitted', 'claim_returned', 'claim_submitted_unit', 'budget_entry_allocation']) await q.query(`DROP INDEX ${index}`);
    await q.query(`DROP TRIGGER claim_finding_tally ON claim_finding`);
    await q.query(`DROP FUNCTION finding_tally_change()`);
    await q.query(`DROP TABLE finding_tally`);
    await q.query(`DROP TRIGGER budget_entry_month_total ON budget_entry`);
    await q.query(`DROP FUNCTION budget_month_total_add()`);
    await q.query(`DROP TABLE budget_month_total`);
  }
}
