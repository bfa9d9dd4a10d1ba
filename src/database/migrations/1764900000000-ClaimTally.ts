import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims per year and unit, and how many were returned at least once, kept by a trigger: the share
 * of claims returned is then read from a hundred rows instead of counting a million. The trigger
 * writes only when a claim's contribution changes (filed, returned for the first time, or moved to
 * another year or unit), so ordinary updates of a claim do not touch the tally row.
 */
export class ClaimTally1764900000000 implements MigrationInterface {
  name = 'ClaimTally1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claim_tally (
        year integer NOT NULL,
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        claims integer NOT NULL DEFAULT 0,
        returned integer NOT NULL DEFAULT 0,
        PRIMARY KEY (year, unit_id)
      )`);
    await q.query(`
      CREATE FUNCTION claim_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_returned integer := CASE WHEN TG_OP <> 'INSERT' AND (OLD.submission > 1 OR OLD.status = 'RETURNED') THEN 1 ELSE 0 END;
        new_returned integer := CASE WHEN TG_OP <> 'DELETE' AND (NEW.submission > 1 OR NEW.status = 'RETURNED') THEN 1 ELSE 0 END;
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.unit_id = NEW.unit_id AND extract(year FROM OLD.submitted_on) = extract(year FROM NEW.submitted_on) AND old_returned = new_returned THEN
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          UPDATE claim_tally SET claims = claims - 1, returned = returned - old_returned WHERE year = extract(year FROM OLD.submitted_on)::int AND unit_id = OLD.unit_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO claim_tally (year, unit_id, claims, returned) VALUES (extract(year FROM NEW.submitted_on)::int, NEW.unit_id, 1, new_returned)
          ON CONFLICT (year, unit_id) DO UPDATE SET claims = claim_tally.claims + 1, returned = claim_tally.returned + EXCLUDED.returned;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER claim_tally AFTER INSERT OR UPDATE OR DELETE ON claim FOR EACH ROW EXECUTE FUNCTION claim_tally_change()`);
    await q.query(`
      INSERT INTO claim_tally (year, unit_id, claims, returned)
      SELECT extract(year FROM submitted_on)::int, unit_id, count(*), count(*) FILTER (WHERE submission > 1 OR status = 'RETURNED') FROM claim GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER claim_tally ON claim`);
    await q.query(`DROP FUNCTION claim_tally_change()`);
    await q.query(`DROP TABLE claim_tally`);
  }
}
