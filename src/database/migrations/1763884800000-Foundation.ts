import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisation, users and groups; claims and their screening findings. */
export class Foundation1763884800000 implements MigrationInterface {
  name = 'Foundation1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]*$'),
        name text NOT NULL UNIQUE,
        invoice_title text NOT NULL,
        credit_code text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        title text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('minister', 'bureau', 'other')),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        group_code text NOT NULL
          CHECK (group_code IN ('unit-head', 'finance', 'deputy-chief', 'chief', 'fund-owner', 'process-admin')),
        unit_id uuid REFERENCES org_unit(id),
        CHECK ((group_code IN ('unit-head', 'fund-owner')) = (unit_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX user_group_membership ON user_group (user_id, group_code, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`
      CREATE TABLE claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('travel', 'expense')),
        status text NOT NULL
          CHECK (status IN ('SCREENING', 'RETURNED', 'IN_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
        claimant_id uuid NOT NULL REFERENCES app_user(id),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        document jsonb NOT NULL,
        total_fen bigint NOT NULL CHECK (total_fen >= 0),
        submitted_on date NOT NULL,
        process_instance_id text UNIQUE,
        revision integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX claim_claimant ON claim (claimant_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE claim_finding (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
        source text NOT NULL,
        rule_id text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('block', 'warn', 'adjust', 'info')),
        message_zh text NOT NULL,
        message_en text NOT NULL,
        facts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX claim_finding_claim ON claim_finding (claim_id, source)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claim_finding`);
    await q.query(`DROP TABLE claim`);
    await q.query(`DROP TABLE user_group`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE org_unit`);
  }
}
