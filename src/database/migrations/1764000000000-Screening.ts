import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screening: travel requests and claimed trips as date ranges under GiST indexes, the invoice
 * registry (one live holder per invoice, enforced by a partial unique index), versioned rule sets,
 * travel standards with effective dates, and what screening concluded on the claim.
 */
export class Screening1764000000000 implements MigrationInterface {
  name = 'Screening1764000000000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets one GiST index cover "this traveller" (equality) and "these days" (overlap).
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      ALTER TABLE claim
        ADD COLUMN reimbursable_fen bigint CHECK (reimbursable_fen >= 0),
        ADD COLUMN approval_chain jsonb,
        ADD COLUMN rule_versions jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE claim_finding ADD COLUMN adjust_fen bigint CHECK (adjust_fen >= 0)`);
    await q.query(`CREATE INDEX claim_live_by_claimant ON claim (claimant_id) WHERE status NOT IN ('REJECTED', 'WITHDRAWN')`);

    await q.query(`
      CREATE TABLE travel_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        traveller_id uuid NOT NULL REFERENCES app_user(id),
        requester_id uuid NOT NULL REFERENCES app_user(id),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        destination text NOT NULL,
        start_day date NOT NULL,
        end_day date NOT NULL CHECK (end_day >= start_day),
        days daterange GENERATED ALWAYS AS (daterange(start_day, end_day, '[]')) STORED,
        estimate_fen bigint NOT NULL CHECK (estimate_fen >= 0),
        purpose text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
        process_instance_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX travel_request_approved_days ON travel_request USING gist (traveller_id, days) WHERE status = 'APPROVED'`);
    await q.query(`CREATE INDEX travel_request_requester ON travel_request (requester_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE trip (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
        position integer NOT NULL,
        traveller_id uuid NOT NULL REFERENCES app_user(id),
        destination text NOT NULL,
        start_day date NOT NULL,
        end_day date NOT NULL CHECK (end_day >= start_day),
        days daterange GENERATED ALWAYS AS (daterange(start_day, end_day, '[]')) STORED,
        live boolean NOT NULL DEFAULT true,
        UNIQUE (claim_id, position)
      )`);
    await q.query(`CREATE INDEX trip_live_days ON trip USING gist (traveller_id, days) WHERE live`);

    await q.query(`
      CREATE TABLE claim_invoice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
        invoice_key text NOT NULL,
        invoice_date date NOT NULL,
        seller_tax_id text NOT NULL,
        total_fen bigint NOT NULL,
        live boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Two live claims can never hold one invoice, however close together they are screened.
    await q.query(`CREATE UNIQUE INDEX claim_invoice_live_key ON claim_invoice (invoice_key) WHERE live`);
    await q.query(`CREATE INDEX claim_invoice_claim ON claim_invoice (claim_id)`);

    await q.query(`
      CREATE TABLE rule_set_version (
        set_name text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        effective_from date NOT NULL,
        definition jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (set_name, version)
      )`);

    await q.query(`
      CREATE TABLE travel_standard (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('lodging', 'allowance', 'seat-class')),
        key text NOT NULL,
        effective_from date NOT NULL,
        data jsonb NOT NULL,
        source text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, key, effective_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE travel_standard`);
    await q.query(`DROP TABLE rule_set_version`);
    await q.query(`DROP TABLE claim_invoice`);
    await q.query(`DROP TABLE trip`);
    await q.query(`DROP TABLE travel_request`);
    await q.query(`DROP INDEX claim_live_by_claimant`);
    await q.query(`ALTER TABLE claim_finding DROP COLUMN adjust_fen`);
    await q.query(`ALTER TABLE claim DROP COLUMN rule_versions, DROP COLUMN approval_chain, DROP COLUMN reimbursable_fen`);
  }
}
