import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type Begin =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; response: unknown }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** The stored answers of keyed submissions; the primary key makes the first of concurrent twins win. */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async begin(actorId: string, scope: string, key: string, requestHash: string): Promise<Begin> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_key (actor_id, scope, key, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
      [actorId, scope, key, requestHash],
    );
    if (inserted.length > 0) return { kind: 'new' };
    const [row] = await this.dataSource.query(`SELECT request_hash, status, response FROM idempotency_key WHERE actor_id = $1 AND scope = $2 AND key = $3`, [actorId, scope, key]);
    if (!row) return this.begin(actorId, scope, key, requestHash); // abandoned meanwhile: try again
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status === null) return { kind: 'in-progress' };
    return { kind: 'replay', status: row.status, response: row.response };
  }

  async finish(actorId: string, scope: string, key: string, status: number, response: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_key SET status = $4, response = $5 WHERE actor_id = $1 AND scope = $2 AND key = $3`, [actorId, scope, key, status, JSON.stringify(response ?? null)]);
  }

  /** A refused or failed submission leaves no trace: the same key may be sent again once it is fixed. */
  async abandon(actorId: string, scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE actor_id = $1 AND scope = $2 AND key = $3 AND status IS NULL`, [actorId, scope, key]);
  }
}
