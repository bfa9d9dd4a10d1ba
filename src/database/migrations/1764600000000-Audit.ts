import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose every change is recorded in the audit trail, by trigger, in the changing transaction. */
export const AUDITED_TABLES = [
  'claim', 'claim_finding', 'travel_request', 'budget_line', 'budget_entry', 'budget_adjustment', 'travel_standard',
  'rule_set_version', 'form_version', 'org_unit', 'app_user', 'user_group', 'login_attempt',
];

/**
 * The audit trail: append-only rows (who, when, from where, what, before and after), chained by hash.
 * A row is appended by the change's own transaction; the sealer then gives each row, in order, its
 * place in the chain and the hash of the one before (so no write waits on a global lock). Nothing,
 * not even the application, may change or remove a sealed row.
 */
export class Audit1764600000000 implements MigrationInterface {
  name = 'Audit1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        address text,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        seq bigint UNIQUE,
        prev_hash text,
        hash text
      )`);
    await q.query(`CREATE INDEX audit_event_entity ON audit_event (entity, entity_id)`);
    await q.query(`CREATE INDEX audit_event_actor ON audit_event (actor, at)`);
    await q.query(`CREATE INDEX audit_event_unsealed ON audit_event (id) WHERE seq IS NULL`);

    // Only sealing may touch a row, once: setting seq, prev_hash and hash on a row that has none.
    await q.query(`
      CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
        END IF;
        IF OLD.seq IS NOT NULL
           OR (NEW.id, NEW.at, NEW.actor, NEW.address, NEW.action, NEW.entity, NEW.entity_id, NEW.before, NEW.after)
              IS DISTINCT FROM (OLD.id, OLD.at, OLD.actor, OLD.address, OLD.action, OLD.entity, OLD.entity_id, OLD.before, OLD.after) THEN
          RAISE EXCEPTION 'audit_event is append-only: row % cannot be changed', OLD.id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_guard()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard()`);

    // The hash of a row: its content and the hash before it, in a text form that does not depend on the
    // session (jsonb prints canonically; the instant as microseconds since the epoch).
    await q.query(`
      CREATE FUNCTION audit_event_hash(e audit_event, seq bigint, prev text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|',
          coalesce(prev, ''), seq::text, e.id::text, (extract(epoch FROM e.at) * 1000000)::bigint::text,
          e.actor, coalesce(e.address, ''), e.action, e.entity, coalesce(e.entity_id, ''),
          coalesce(e.before::text, ''), coalesce(e.after::text, '')), 'UTF8')), 'hex')
      $$`);

    // Row changes of the audited tables. Who and from where come from the transaction (set by the API
    // per request); failing that, from the row itself (its actor, creator or username).
    await q.query(`
      CREATE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'password_hash' END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'password_hash' END;
        row_data jsonb := coalesce(new_row, old_row);
      BEGIN
        INSERT INTO audit_event (actor, address, action, entity, entity_id, before, after)
        VALUES (
          coalesce(nullif(current_setting('jingbao.actor', true), ''), row_data->>'actor', row_data->>'created_by', row_data->>'proposed_by', row_data->>'username', 'system'),
          nullif(current_setting('jingbao.address', true), ''),
          lower(TG_OP), TG_TABLE_NAME,
          coalesce(row_data->>'id', nullif(concat_ws('@', row_data->>'set_name', row_data->>'version'), '')),
          old_row, new_row);
        RETURN NULL;
      END $$`);
    for (const table of AUDITED_TABLES) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of AUDITED_TABLES) await q.query(`DROP TRIGGER ${table}_audit ON ${table}`);
    await q.query(`DROP FUNCTION audit_row_change()`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_hash(audit_event, bigint, text)`);
    await q.query(`DROP FUNCTION audit_event_guard()`);
  }
}
