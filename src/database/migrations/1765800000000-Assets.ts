import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fixed assets (资产卡片) and each card's history. A card is one asset: one per unit of quantity of an
 * accepted contract item, an opening balance row, or a stocktake surplus. What must never happen is
 * refused here: two cards with one number, a card carded twice from the same unit of an acceptance
 * line, depreciation beyond the original value, a history entry changed or deleted.
 * Depreciation columns are left out of the row audit: the monthly run touches every card, and its
 * own per-card rows, business event and voucher are that change's trail.
 */
export class Assets1765800000000 implements MigrationInterface {
  name = 'Assets1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE asset_card (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        class_code text NOT NULL CHECK (class_code ~ '^[A-Z][0-9]{2,8}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        model text NOT NULL DEFAULT '' CHECK (length(model) <= 200),
        original_value_fen bigint NOT NULL CHECK (original_value_fen > 0),
        source text NOT NULL CHECK (source IN ('acceptance', 'opening', 'surplus')),
        contract_id uuid REFERENCES contract(id),
        acceptance_id uuid REFERENCES acceptance(id),
        contract_item_id uuid REFERENCES contract_item(id),
        acceptance_seq integer CHECK (acceptance_seq IS NULL OR acceptance_seq >= 1),
        accepted_on date NOT NULL,
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        keeper_id uuid REFERENCES app_user(id),
        holder_id uuid REFERENCES app_user(id),
        location text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
        useful_life_months integer CHECK (useful_life_months IS NULL OR useful_life_months > 0),
        depreciated_fen bigint NOT NULL DEFAULT 0 CHECK (depreciated_fen >= 0 AND depreciated_fen <= original_value_fen),
        depreciated_through text CHECK (depreciated_through IS NULL OR depreciated_through ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        status text NOT NULL DEFAULT 'IN_STOCK' CHECK (status IN ('IN_STOCK', 'IN_USE', 'IN_REPAIR', 'TRANSFERRING', 'DISPOSING', 'DISPOSED', 'MISSING')),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((source = 'acceptance') = (acceptance_id IS NOT NULL AND contract_item_id IS NOT NULL AND acceptance_seq IS NOT NULL)),
        CHECK (status <> 'IN_USE' OR holder_id IS NOT NULL),
        UNIQUE (acceptance_id, contract_item_id, acceptance_seq)
      )`);
    await q.query(`CREATE INDEX asset_card_unit ON asset_card (unit_id, status)`);
    await q.query(`CREATE INDEX asset_card_class ON asset_card (class_code)`);
    await q.query(`CREATE INDEX asset_card_holder ON asset_card (holder_id) WHERE holder_id IS NOT NULL`);
    await q.query(`CREATE INDEX asset_card_keeper ON asset_card (keeper_id) WHERE keeper_id IS NOT NULL`);
    await q.query(`CREATE INDEX asset_card_contract ON asset_card (contract_id) WHERE contract_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE asset_event (
        id bigserial PRIMARY KEY,
        card_id uuid NOT NULL REFERENCES asset_card(id),
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z-]{1,40}$'),
        occurred_on date NOT NULL,
        actor_id uuid REFERENCES app_user(id),
        subject_kind text,
        subject_id text,
        facts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((subject_kind IS NULL) = (subject_id IS NULL))
      )`);
    await q.query(`CREATE INDEX asset_event_card ON asset_event (card_id, id)`);
    await q.query(`CREATE INDEX asset_event_subject ON asset_event (subject_kind, subject_id) WHERE subject_kind IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION asset_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an asset''s history is never changed or deleted' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER asset_event_guard BEFORE UPDATE OR DELETE ON asset_event FOR EACH ROW EXECUTE FUNCTION asset_event_guard()`);
    await q.query(`CREATE TRIGGER asset_event_no_truncate BEFORE TRUNCATE ON asset_event FOR EACH STATEMENT EXECUTE FUNCTION asset_event_guard()`);

    await q.query(`CREATE TABLE asset_number_counter (year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2999), last integer NOT NULL CHECK (last >= 0))`);

    await q.query(`CREATE TRIGGER asset_card_audit AFTER INSERT OR DELETE OR UPDATE OF number, class_code, name, model, original_value_fen, source, accepted_on, unit_id, keeper_id, holder_id, location, useful_life_months, status ON asset_card FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    await q.query(`CREATE TRIGGER asset_event_audit AFTER INSERT ON asset_event FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE asset_number_counter`);
    await q.query(`DROP TABLE asset_event`);
    await q.query(`DROP FUNCTION asset_event_guard()`);
    await q.query(`DROP TABLE asset_card`);
  }
}
