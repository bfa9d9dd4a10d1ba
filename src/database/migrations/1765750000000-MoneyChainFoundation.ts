import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The money chain's people and its event log. The groups of the chain (出纳, 会计, 采购管理员, 合同审核,
 * 资产管理员) join the group check; an asset-keeper may hold one unit's assets or the whole bureau's.
 * `business_event` is what features publish when money moves or an asset changes (a claim paid, a
 * contract payment paid, an asset accepted, a month's depreciation …): one row per event and source,
 * written in the transaction that made it happen, never changed. Accounting turns each into a voucher
 * draft and knows no feature.
 */
export class MoneyChainFoundation1765750000000 implements MigrationInterface {
  name = 'MoneyChainFoundation1765750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_group DROP CONSTRAINT IF EXISTS user_group_group_code_check`);
    await q.query(`ALTER TABLE user_group DROP CONSTRAINT IF EXISTS user_group_check`);
    await q.query(`
      ALTER TABLE user_group ADD CONSTRAINT user_group_group_code_check CHECK (group_code IN (
        'unit-head', 'finance', 'deputy-chief', 'chief', 'fund-owner', 'process-admin',
        'cashier', 'accountant', 'procurement', 'contract-review', 'asset-keeper'))`);
    await q.query(`
      ALTER TABLE user_group ADD CONSTRAINT user_group_check CHECK (
        CASE WHEN group_code IN ('unit-head', 'fund-owner') THEN unit_id IS NOT NULL
             WHEN group_code = 'asset-keeper' THEN true
             ELSE unit_id IS NULL END)`);
    await q.query(`
      CREATE TABLE business_event (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z-]*[a-z]$'),
        source_kind text NOT NULL,
        source_id text NOT NULL,
        occurred_on date NOT NULL,
        payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
        published_by text,
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, source_kind, source_id)
      )`);
    await q.query(`CREATE INDEX business_event_source ON business_event (source_kind, source_id)`);
    await q.query(`
      CREATE FUNCTION business_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a business event is never changed or deleted' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER business_event_guard BEFORE UPDATE OR DELETE ON business_event FOR EACH ROW EXECUTE FUNCTION business_event_guard()`);
    await q.query(`CREATE TRIGGER business_event_no_truncate BEFORE TRUNCATE ON business_event FOR EACH STATEMENT EXECUTE FUNCTION business_event_guard()`);
    await q.query(`CREATE TRIGGER business_event_audit AFTER INSERT OR UPDATE OR DELETE ON business_event FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE business_event`);
    await q.query(`DROP FUNCTION business_event_guard()`);
    await q.query(`ALTER TABLE user_group DROP CONSTRAINT user_group_check`);
    await q.query(`ALTER TABLE user_group DROP CONSTRAINT user_group_group_code_check`);
    await q.query(`DELETE FROM user_group WHERE group_code IN ('cashier', 'accountant', 'procurement', 'contract-review', 'asset-keeper')`);
    await q.query(`ALTER TABLE user_group ADD CONSTRAINT user_group_group_code_check CHECK (group_code IN ('unit-head', 'finance', 'deputy-chief', 'chief', 'fund-owner', 'process-admin'))`);
    await q.query(`ALTER TABLE user_group ADD CONSTRAINT user_group_check CHECK ((group_code IN ('unit-head', 'fund-owner')) = (unit_id IS NOT NULL))`);
  }
}
