import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 调拨 (transfers of asset cards to another unit) and 处置 (disposals), each an approval record with
 * its cards. `asset_flow_card` holds every card of every transfer and disposal; while the record is
 * open the row is `open`, and a partial unique index lets a card be in one open transfer or disposal
 * only — two filings racing for the same card cannot both commit. Amounts are fen, never negative;
 * a disposal's totals are what its cards carried when filed.
 */
export class AssetFlows1765820000000 implements MigrationInterface {
  name = 'AssetFlows1765820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE asset_transfer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        from_unit_id uuid NOT NULL REFERENCES org_unit(id),
        to_unit_id uuid NOT NULL REFERENCES org_unit(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        status text NOT NULL CHECK (status IN ('IN_APPROVAL', 'APPROVED', 'REJECTED')),
        submitter_id uuid NOT NULL REFERENCES app_user(id),
        approval_chain jsonb,
        process_instance_id text UNIQUE,
        decided_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_unit_id <> to_unit_id),
        CHECK ((status = 'IN_APPROVAL') = (decided_on IS NULL))
      )`);
    await q.query(`CREATE INDEX asset_transfer_from ON asset_transfer (from_unit_id, created_at DESC)`);
    await q.query(`CREATE INDEX asset_transfer_to ON asset_transfer (to_unit_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE asset_disposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        way text NOT NULL CHECK (way IN ('scrap', 'sale', 'donation', 'transfer-out')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        cost_fen bigint NOT NULL CHECK (cost_fen > 0),
        depreciated_fen bigint NOT NULL CHECK (depreciated_fen >= 0 AND depreciated_fen <= cost_fen),
        residual_fen bigint NOT NULL DEFAULT 0 CHECK (residual_fen >= 0),
        proceeds_fen bigint NOT NULL DEFAULT 0 CHECK (proceeds_fen >= 0),
        status text NOT NULL CHECK (status IN ('IN_APPROVAL', 'APPROVED', 'REJECTED')),
        findings jsonb NOT NULL DEFAULT '[]',
        rule_versions jsonb NOT NULL DEFAULT '{}',
        submitter_id uuid NOT NULL REFERENCES app_user(id),
        approval_chain jsonb,
        process_instance_id text UNIQUE,
        decided_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'IN_APPROVAL') = (decided_on IS NULL)),
        -- donating or handing over free of charge brings no money in
        CHECK (way IN ('scrap', 'sale') OR proceeds_fen = 0)
      )`);
    await q.query(`CREATE INDEX asset_disposal_unit ON asset_disposal (unit_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE asset_flow_card (
        flow_kind text NOT NULL CHECK (flow_kind IN ('asset-transfer', 'asset-disposal')),
        flow_id uuid NOT NULL,
        card_id uuid NOT NULL REFERENCES asset_card(id),
        position integer NOT NULL CHECK (position >= 0),
        previous_status text NOT NULL,
        cost_fen bigint NOT NULL CHECK (cost_fen > 0),
        depreciated_fen bigint NOT NULL CHECK (depreciated_fen >= 0 AND depreciated_fen <= cost_fen),
        open boolean NOT NULL DEFAULT true,
        PRIMARY KEY (flow_kind, flow_id, card_id),
        UNIQUE (flow_kind, flow_id, position)
      )`);
    await q.query(`CREATE UNIQUE INDEX asset_flow_card_one_open ON asset_flow_card (card_id) WHERE open`);
    await q.query(`CREATE INDEX asset_flow_card_card ON asset_flow_card (card_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE asset_flow_card`);
    await q.query(`DROP TABLE asset_disposal`);
    await q.query(`DROP TABLE asset_transfer`);
  }
}
