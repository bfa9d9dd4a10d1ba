import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditContext } from './audit-context';
import { AuditContextSubscriber } from './audit-context.subscriber';

export interface AuditEntry {
  seq: number | null;
  id: number;
  at: string;
  actor: string;
  address: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string | null;
}

export interface AuditVerification {
  ok: boolean;
  /** Sealed rows walked. */
  checked: number;
  /** The first row whose hash or link to the row before does not match, or null. */
  firstMismatch: { seq: number; id: number; reason: 'hash' | 'link' | 'sequence' } | null;
}

const SEAL_BATCH = 500;
const VERIFY_PAGE = 5000;

/**
 * The audit trail. Row changes of the audited tables are appended by database triggers inside the
 * changing transaction; what happens outside the database (an approver's decision in the engine, a
 * deployment) is appended here. The sealer chains new rows, one instance at a time, every second.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {
    new AuditContextSubscriber(dataSource);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.seal().catch((error: Error) => this.logger.warn(`sealing the audit trail failed: ${error.message}`)), 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Appends an event that is not a row change: who (from the request or worker) did what to what. */
  async record(action: string, entity: string, entityId: string | null, before: unknown, after: unknown, actor?: string): Promise<void> {
    const context = auditContext.current();
    await this.dataSource.query(
      `INSERT INTO audit_event (actor, address, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [actor ?? context?.actor ?? 'system', context?.address ?? null, action, entity, entityId, before === undefined ? null : JSON.stringify(before), after === undefined ? null : JSON.stringify(after)],
    );
  }

  /** Gives unsealed rows, oldest first, the next places in the chain (audit_seal, in the database); returns how many it sealed. */
  async seal(): Promise<number> {
    const [{ sealed }] = await this.dataSource.query(`SELECT audit_seal($1) AS sealed`, [SEAL_BATCH]);
    return Number(sealed);
  }

  async list(filter: { entity?: string; entityId?: string; actor?: string; limit: number }): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.entity) where.push(`entity = $${params.push(filter.entity)}`);
    if (filter.entityId) where.push(`entity_id = $${params.push(filter.entityId)}`);
    if (filter.actor) where.push(`actor = $${params.push(filter.actor)}`);
    const rows = await this.dataSource.query(
      `SELECT seq, id, at, actor, address, action, entity, entity_id, before, after, hash FROM audit_event
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${Math.min(Math.max(filter.limit, 1), 1000)}`,
      params,
    );
    return rows.map((r: Record<string, any>) => ({
      seq: r.seq === null ? null : Number(r.seq), id: Number(r.id), at: new Date(r.at).toISOString(), actor: r.actor, address: r.address,
      action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after, hash: r.hash,
    }));
  }

  /** Seals what is pending, then walks the whole chain and names the first row that does not match. */
  async verify(): Promise<AuditVerification> {
    while ((await this.seal()) === SEAL_BATCH);
    let checked = 0;
    let previous: string | null = null;
    for (let from = 1; ; from += VERIFY_PAGE) {
      const rows: { seq: string; id: string; hash: string; prev_hash: string | null; recomputed: string }[] = await this.dataSource.query(
        `SELECT seq, id, hash, prev_hash, audit_event_hash(e, e.seq, e.prev_hash) AS recomputed FROM audit_event e
          WHERE seq >= $1 AND seq < $2 ORDER BY seq`,
        [from, from + VERIFY_PAGE],
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        const mismatch = seq !== checked + 1 ? 'sequence' : row.prev_hash !== previous ? 'link' : row.hash !== row.recomputed ? 'hash' : null;
        if (mismatch) return { ok: false, checked, firstMismatch: { seq, id: Number(row.id), reason: mismatch } };
        previous = row.hash;
        checked += 1;
      }
      if (rows.length < VERIFY_PAGE) return { ok: true, checked, firstMismatch: null };
    }
  }
}
