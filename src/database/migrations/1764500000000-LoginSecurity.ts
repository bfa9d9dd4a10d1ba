import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every sign-in attempt (for locking accounts and throttling addresses), and tokens revoked by logout. */
export class LoginSecurity1764500000000 implements MigrationInterface {
  name = 'LoginSecurity1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_attempt (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        address text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempt_username_at ON login_attempt (username, at)`);
    await q.query(`CREATE INDEX login_attempt_address_at ON login_attempt (address, at) WHERE NOT succeeded`);
    await q.query(`CREATE TABLE revoked_token (jti uuid PRIMARY KEY, expires_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE revoked_token`);
    await q.query(`DROP TABLE login_attempt`);
  }
}
