import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An asset card's life: repairs (维修) with their cost and vendor, and the AST-UNCARDED log of the
 * daily run. What must never happen is refused here: a card in stock with a holder, a card handed
 * from one holder straight to another (it is returned first, so an issued asset is never issued
 * again), two open repairs of one card, a finished repair without its cost.
 */
export class AssetLife1765810000000 implements MigrationInterface {
  name = 'AssetLife1765810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE asset_card ADD CONSTRAINT asset_card_stock_unheld CHECK (status <> 'IN_STOCK' OR holder_id IS NULL)`);
    await q.query(`
      CREATE FUNCTION asset_card_holder_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.holder_id IS NOT NULL AND NEW.holder_id IS NOT NULL AND OLD.holder_id <> NEW.holder_id THEN
          RAISE EXCEPTION 'asset % is issued to another person: it is returned before it is issued again', OLD.number USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER asset_card_holder_guard BEFORE UPDATE OF holder_id ON asset_card FOR EACH ROW EXECUTE FUNCTION asset_card_holder_guard()`);

    await q.query(`
      CREATE TABLE asset_repair (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        card_id uuid NOT NULL REFERENCES asset_card(id),
        started_on date NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        vendor text NOT NULL CHECK (length(vendor) BETWEEN 1 AND 200),
        finished_on date CHECK (finished_on IS NULL OR finished_on >= started_on),
        cost_fen bigint CHECK (cost_fen IS NULL OR cost_fen >= 0),
        vendor_note text NOT NULL DEFAULT '' CHECK (length(vendor_note) <= 500),
        started_by uuid REFERENCES app_user(id),
        finished_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((finished_on IS NULL) = (cost_fen IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX asset_repair_open ON asset_repair (card_id) WHERE finished_on IS NULL`);
    await q.query(`CREATE INDEX asset_repair_card ON asset_repair (card_id, started_on)`);

    // One row per accepted line the daily run first found uncarded past the limit: keepers are told once.
    await q.query(`
      CREATE TABLE asset_uncarded_alert (
        acceptance_id uuid NOT NULL REFERENCES acceptance(id),
        item_id uuid NOT NULL REFERENCES contract_item(id),
        found_on date NOT NULL,
        uncarded integer NOT NULL CHECK (uncarded > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (acceptance_id, item_id)
      )`);
    for (const table of ['asset_repair', 'asset_uncarded_alert']) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE asset_uncarded_alert`);
    await q.query(`DROP TABLE asset_repair`);
    await q.query(`DROP TRIGGER asset_card_holder_guard ON asset_card`);
    await q.query(`DROP FUNCTION asset_card_holder_guard()`);
    await q.query(`ALTER TABLE asset_card DROP CONSTRAINT asset_card_stock_unheld`);
  }
}
