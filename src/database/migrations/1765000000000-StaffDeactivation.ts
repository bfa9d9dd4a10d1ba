import { MigrationInterface, QueryRunner } from 'typeorm';

/** People leave: a deactivated account signs in no more and holds no steps, but its history stays. */
export class StaffDeactivation1765000000000 implements MigrationInterface {
  name = 'StaffDeactivation1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN active boolean NOT NULL DEFAULT true, ADD COLUMN deactivated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN deactivated_at, DROP COLUMN active`);
  }
}
