import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stocktakes (资产盘点): a count opened for a unit (or one location in it) with the snapshot of the
 * cards expected there; the scans phones send (keyed by the id the phone made, so a scan replayed
 * after the network came back is stored once); items found that have no label (entered by hand);
 * and the decision taken on each gap. What must never happen is refused here: two open counts of the
 * same place, a scan stored twice, a decision on a gap of another kind than its decision, a closed
 * count without its closing day.
 */
export class Stocktakes1765830000000 implements MigrationInterface {
  name = 'Stocktakes1765830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE stocktake_number_seq`);
    await q.query(`
      CREATE TABLE stocktake (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        location text CHECK (location IS NULL OR length(location) BETWEEN 1 AND 200),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        opened_by uuid NOT NULL REFERENCES app_user(id),
        opened_on date NOT NULL,
        expected_count integer NOT NULL CHECK (expected_count >= 0),
        closed_by uuid REFERENCES app_user(id),
        closed_on date,
        result jsonb,
        rule_versions jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL AND closed_by IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX stocktake_one_open_per_place ON stocktake (unit_id, coalesce(location, '')) WHERE status = 'OPEN'`);
    await q.query(`
      CREATE TABLE stocktake_item (
        stocktake_id uuid NOT NULL REFERENCES stocktake(id) ON DELETE CASCADE,
        card_id uuid NOT NULL REFERENCES asset_card(id),
        number text NOT NULL,
        name text NOT NULL,
        location text,
        keeper_id uuid,
        PRIMARY KEY (stocktake_id, card_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX stocktake_item_number ON stocktake_item (stocktake_id, number)`);
    // The scan id is made on the phone: a replay of the same scan (sent again after the network came
    // back, or twice by a retrying queue) hits the primary key and is not stored again.
    await q.query(`
      CREATE TABLE stocktake_scan (
        id uuid PRIMARY KEY,
        stocktake_id uuid NOT NULL REFERENCES stocktake(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
        card_id uuid REFERENCES asset_card(id),
        in_snapshot boolean NOT NULL,
        scanned_by uuid NOT NULL REFERENCES app_user(id),
        scanned_at timestamptz NOT NULL,
        device text CHECK (device IS NULL OR length(device) <= 100),
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stocktake_scan_by_card ON stocktake_scan (stocktake_id, card_id)`);
    await q.query(`CREATE INDEX stocktake_scan_by_code ON stocktake_scan (stocktake_id, in_snapshot, code)`);
    await q.query(`
      CREATE TABLE stocktake_extra (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        stocktake_id uuid NOT NULL REFERENCES stocktake(id) ON DELETE CASCADE,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
        location text CHECK (location IS NULL OR length(location) <= 200),
        entered_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One decision per gap: a missing card (key = card id), a scanned label not in the snapshot
    // (key = the code read), an item entered by hand (key = the extra's id).
    await q.query(`
      CREATE TABLE stocktake_decision (
        stocktake_id uuid NOT NULL REFERENCES stocktake(id) ON DELETE CASCADE,
        gap_kind text NOT NULL CHECK (gap_kind IN ('missing', 'surplus')),
        gap_key text NOT NULL,
        decision text NOT NULL,
        note text CHECK (note IS NULL OR length(note) <= 500),
        decided_by uuid NOT NULL REFERENCES app_user(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stocktake_id, gap_kind, gap_key),
        CHECK ((gap_kind = 'missing' AND decision IN ('investigate', 'write-off', 'located'))
            OR (gap_kind = 'surplus' AND decision IN ('create-card', 'return', 'not-asset')))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['stocktake_decision', 'stocktake_extra', 'stocktake_scan', 'stocktake_item', 'stocktake']) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP SEQUENCE stocktake_number_seq`);
  }
}
