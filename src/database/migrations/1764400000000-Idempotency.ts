import { MigrationInterface, QueryRunner } from 'typeorm';

/** Answers to submissions made under an Idempotency-Key, so a repeated submission files nothing twice. */
export class Idempotency1764400000000 implements MigrationInterface {
  name = 'Idempotency1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        actor_id uuid NOT NULL,
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
