import { MigrationInterface, QueryRunner } from 'typeorm';

/** Form.io definitions, versioned; claims and travel requests record the version they were filed with. */
export class Forms1764300000000 implements MigrationInterface {
  name = 'Forms1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE form_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        definition jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, version)
      )`);
    await q.query(`ALTER TABLE claim ADD COLUMN form_version integer`);
    await q.query(`ALTER TABLE travel_request ADD COLUMN form_version integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE travel_request DROP COLUMN form_version`);
    await q.query(`ALTER TABLE claim DROP COLUMN form_version`);
    await q.query(`DROP TABLE form_version`);
  }
}
