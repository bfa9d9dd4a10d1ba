import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BusinessEventRow } from './business-event.entity';
import { BusinessEvent, PublishedBusinessEvent } from './business-event';

/**
 * The business event log. A feature publishes inside the transaction that moved the money, so an
 * event exists exactly when its cause committed; publishing the same kind for the same source again
 * changes nothing (a replayed bank result books nothing twice).
 */
@Injectable()
export class BusinessEventsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the event unless one of its kind for its source exists; says which it was. */
  async publish(manager: EntityManager, event: BusinessEvent, publishedBy: string | null = null): Promise<{ id: string; created: boolean }> {
    assertPublishable(event);
    const { kind, source, occurredOn, ...payload } = event;
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO business_event (kind, source_kind, source_id, occurred_on, payload, published_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, source_kind, source_id) DO NOTHING RETURNING id`,
      [kind, source.kind, source.id, occurredOn, JSON.stringify(payload), publishedBy],
    );
    if (inserted.length > 0) return { id: String(inserted[0].id), created: true };
    const existing: { id: string }[] = await manager.query(`SELECT id FROM business_event WHERE kind = $1 AND source_kind = $2 AND source_id = $3`, [kind, source.kind, source.id]);
    return { id: String(existing[0].id), created: false };
  }

  /** Events after `afterId` in log order, for a consumer that keeps its own position. */
  async after(afterId: string, limit = 500, kinds?: readonly string[]): Promise<PublishedBusinessEvent[]> {
    const qb = this.dataSource.getRepository(BusinessEventRow).createQueryBuilder('e').where('e.id > :afterId', { afterId }).orderBy('e.id', 'ASC').limit(limit);
    if (kinds?.length) qb.andWhere('e.kind IN (:...kinds)', { kinds });
    return (await qb.getMany()).map(toEvent);
  }

  /** Every event about one record, oldest first (关联查询, a claim's page). */
  async ofSource(sourceKind: string, sourceId: string): Promise<PublishedBusinessEvent[]> {
    const rows = await this.dataSource.getRepository(BusinessEventRow).find({ where: { sourceKind, sourceId }, order: { id: 'ASC' } });
    return rows.map(toEvent);
  }
}

function toEvent(row: BusinessEventRow): PublishedBusinessEvent {
  return {
    id: String(row.id),
    kind: row.kind as PublishedBusinessEvent['kind'],
    source: { kind: row.sourceKind, id: row.sourceId },
    occurredOn: row.occurredOn,
    ...row.payload,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt.toISOString(),
  };
}

/** A programming error, not bad input: features build events from records already validated. */
function assertPublishable(event: BusinessEvent): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(event.occurredOn)) throw new Error(`business event ${event.kind}: occurredOn must be a day, got ${event.occurredOn}`);
  if (event.lines.length === 0) throw new Error(`business event ${event.kind}: at least one line`);
  for (const line of event.lines) {
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen <= 0) throw new Error(`business event ${event.kind}: amountFen must be a positive integer, got ${line.amountFen}`);
  }
}
