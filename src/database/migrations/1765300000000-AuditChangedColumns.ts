import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigger function of the audited tables; with `changedOnly`, an update keeps the changed columns.
 * Who and from where come from the transaction's settings, failing that from the row itself.
 */
function auditRowChange(changedOnly: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'password_hash' END;
      new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'password_hash' END;
      row_data jsonb := coalesce(new_row, old_row);
    BEGIN
      ${changedOnly ? `IF TG_OP = 'UPDATE' THEN
        SELECT coalesce(jsonb_object_agg(n.key, o.value), '{}'), coalesce(jsonb_object_agg(n.key, n.value), '{}')
          INTO old_row, new_row
          FROM jsonb_each(new_row) n JOIN jsonb_each(old_row) o USING (key)
         WHERE n.value IS DISTINCT FROM o.value;
      END IF;` : ''}
      INSERT INTO audit_event (actor, address, action, entity, entity_id, before, after)
      VALUES (
        coalesce(nullif(current_setting('jingbao.actor', true), ''), row_data->>'actor', row_data->>'created_by', row_data->>'proposed_by', row_data->>'username', 'system'),
        nullif(current_setting('jingbao.address', true), ''),
        lower(TG_OP), TG_TABLE_NAME,
        coalesce(row_data->>'id', nullif(concat_ws('@', row_data->>'set_name', row_data->>'version'), '')),
        old_row, new_row);
      RETURN NULL;
    END $$`;
}

/**
 * An update's audit row keeps the columns that changed, their values before and after, instead of
 * the whole row twice: a claim is updated four times while it is screened, and each copy of its
 * document was written, hashed and sealed again (the largest part of the database's work per claim).
 * Inserts and deletes still keep the whole row. A change of nothing but the password hash is still
 * recorded, with empty before and after.
 */
export class AuditChangedColumns1765300000000 implements MigrationInterface {
  name = 'AuditChangedColumns1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(auditRowChange(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(auditRowChange(false));
  }
}
