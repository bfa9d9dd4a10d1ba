import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments of every kind of record. Content is stored once per SHA-256 (attachment_blob); an
 * attachment names a blob, the file's name as uploaded, what it is (category, the invoice row it
 * proves) and the record (subject) it belongs to — unset until the record it was uploaded for is
 * filed. Rows are never deleted and change only to be bound once; a replacement is a new row that
 * supersedes the old (each superseded at most once). Both tables are in the audit trail.
 */
export class Attachments1765740000000 implements MigrationInterface {
  name = 'Attachments1765740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment_blob (
        id char(64) PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        media_type text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256 char(64) NOT NULL REFERENCES attachment_blob (id),
        file_name text NOT NULL,
        media_type text NOT NULL,
        size bigint NOT NULL,
        category text,
        invoice_number text,
        subject_kind text,
        subject_id text,
        supersedes uuid UNIQUE REFERENCES attachment (id),
        extracted jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        bound_at timestamptz,
        CHECK ((subject_kind IS NULL) = (subject_id IS NULL))
      )`);
    await q.query(`CREATE INDEX attachment_subject ON attachment (subject_kind, subject_id, created_at)`);
    await q.query(`CREATE INDEX attachment_unbound ON attachment (created_by, created_at) WHERE subject_kind IS NULL`);
    // Kept for ever: no delete, and an update only binds an unbound attachment (and records what was read from it).
    await q.query(`
      CREATE FUNCTION attachment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION 'attachments are never deleted' USING ERRCODE = 'check_violation';
        END IF;
        IF TG_TABLE_NAME = 'attachment_blob' THEN
          RAISE EXCEPTION 'attachment content never changes' USING ERRCODE = 'check_violation';
        END IF;
        -- Undoing the filing of a record that never came to be (its process could not start) unbinds
        -- what that filing bound, in the same product transaction; the audit trail keeps both.
        IF current_setting('jingbao.attachment_undo', true) = 'on' AND TG_TABLE_NAME = 'attachment'
           AND NEW.subject_kind IS NULL AND NEW.sha256 = OLD.sha256 AND NEW.supersedes IS NOT DISTINCT FROM OLD.supersedes THEN
          RETURN NEW;
        END IF;
        IF NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.file_name IS DISTINCT FROM OLD.file_name OR NEW.size IS DISTINCT FROM OLD.size
           OR NEW.media_type IS DISTINCT FROM OLD.media_type OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at
           OR NEW.supersedes IS DISTINCT FROM OLD.supersedes
           OR (OLD.subject_kind IS NOT NULL AND (NEW.subject_kind IS DISTINCT FROM OLD.subject_kind OR NEW.subject_id IS DISTINCT FROM OLD.subject_id
               OR NEW.category IS DISTINCT FROM OLD.category OR NEW.invoice_number IS DISTINCT FROM OLD.invoice_number)) THEN
          RAISE EXCEPTION 'an attachment is only ever bound to its record once' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['attachment', 'attachment_blob']) {
      await q.query(`CREATE TRIGGER ${table}_guard BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION attachment_guard()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION attachment_guard()`);
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment`);
    await q.query(`DROP TABLE attachment_blob`);
    await q.query(`DROP FUNCTION attachment_guard()`);
  }
}
