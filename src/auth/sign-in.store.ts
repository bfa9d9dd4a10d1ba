import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';

/** Sign-in attempts and revoked tokens, in the database so that every API instance sees the same. */
@Injectable()
export class SignInStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Failed attempts on an account since `since` and since its last successful sign-in. */
  async accountFailures(username: string, since: Date): Promise<{ count: number; last: Date | null }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS count, max(at) AS last FROM login_attempt
        WHERE username = $1 AND NOT succeeded AND at > $2
          AND at > coalesce((SELECT max(at) FROM login_attempt WHERE username = $1 AND succeeded), '-infinity')`,
      [username, since],
    );
    return { count: row.count, last: row.last ? new Date(row.last) : null };
  }

  async addressFailures(address: string, since: Date): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM login_attempt WHERE address = $1 AND NOT succeeded AND at > $2`, [address, since]);
    return row.count;
  }

  async record(username: string, address: string, succeeded: boolean, at: Date): Promise<void> {
    await this.dataSource.query(`INSERT INTO login_attempt (username, address, succeeded, at) VALUES ($1, $2, $3, $4)`, [username.slice(0, 200), address, succeeded, at]);
  }

  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(`INSERT INTO revoked_token (jti, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [jti, expiresAt]);
  }

  async isRevoked(jti: string): Promise<boolean> {
    const rows = await preparedQuery(this.dataSource, `SELECT 1 FROM revoked_token WHERE jti = $1`, [jti]);
    return rows.length > 0;
  }
}
