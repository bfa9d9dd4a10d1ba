import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly depreciation run (docs/depreciation.md). One run per month (UNIQUE period) and one row
 * per card and month (PRIMARY KEY card, period): however often and however concurrently a month is
 * run, nothing is booked twice. The per-card rows are the record of what each card was charged;
 * they are never changed or deleted.
 */
export class Depreciation1765840000000 implements MigrationInterface {
  name = 'Depreciation1765840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE depreciation_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period text NOT NULL UNIQUE CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        run_by uuid REFERENCES app_user(id),
        cards integer NOT NULL DEFAULT 0 CHECK (cards >= 0),
        total_fen bigint NOT NULL DEFAULT 0 CHECK (total_fen >= 0),
        event_id bigint REFERENCES business_event(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CHECK ((trigger = 'manual') = (run_by IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE asset_depreciation (
        card_id uuid NOT NULL REFERENCES asset_card(id),
        period text NOT NULL,
        run_id uuid NOT NULL REFERENCES depreciation_run(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        months integer NOT NULL CHECK (months >= 1),
        accumulated_fen bigint NOT NULL CHECK (accumulated_fen >= amount_fen),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        class_code text NOT NULL,
        PRIMARY KEY (card_id, period)
      )`);
    await q.query(`CREATE INDEX asset_depreciation_period ON asset_depreciation (period, unit_id, class_code)`);
    await q.query(`
      CREATE FUNCTION asset_depreciation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'booked depreciation is never changed or deleted' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER asset_depreciation_guard BEFORE UPDATE OR DELETE ON asset_depreciation FOR EACH ROW EXECUTE FUNCTION asset_depreciation_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE asset_depreciation`);
    await q.query(`DROP FUNCTION asset_depreciation_guard()`);
    await q.query(`DROP TABLE depreciation_run`);
  }
}
