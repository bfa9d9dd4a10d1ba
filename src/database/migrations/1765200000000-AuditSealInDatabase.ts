import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seals the audit trail inside the database: one call seals a batch, instead of one round trip per
 * row (a claim leaves about ten events, so sealing cost more statements than screening it did).
 * Same chain as before: each unsealed row, oldest first, gets the next seq and the hash over its
 * content and the previous hash; one sealer at a time (an advisory lock held to the commit).
 */
export class AuditSealInDatabase1765200000000 implements MigrationInterface {
  name = 'AuditSealInDatabase1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_seal(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
        sealed integer := 0;
        unsealed record;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('audit_event_seal')) THEN
          RETURN 0;
        END IF;
        SELECT seq, hash INTO last_seq, last_hash FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
        last_seq := coalesce(last_seq, 0);
        FOR unsealed IN SELECT id FROM audit_event WHERE seq IS NULL ORDER BY id LIMIT batch LOOP
          last_seq := last_seq + 1;
          UPDATE audit_event e SET seq = last_seq, prev_hash = last_hash, hash = audit_event_hash(e, last_seq, last_hash)
           WHERE e.id = unsealed.id RETURNING e.hash INTO last_hash;
          sealed := sealed + 1;
        END LOOP;
        RETURN sealed;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_seal(integer)`);
  }
}
