import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessEventsService } from '../business-events/business-events.service';
import { sourceLink } from './vouchers.service';
import { VoucherRaiser } from './voucher-raiser';

/** 未制单: events no rule booked, with the reason, and raising them again under the rules as they are now. */
@Injectable()
export class UnbookedService {
  constructor(private readonly dataSource: DataSource, private readonly events: BusinessEventsService, private readonly raiser: VoucherRaiser) {}

  async list() {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT u.event_id::text AS "eventId", u.reason, u.rule_version AS "ruleVersion", u.noted_at AS "notedAt", e.kind, e.source_kind, e.source_id,
              to_char(e.occurred_on, 'YYYY-MM-DD') AS "occurredOn", e.payload->>'summary' AS summary,
              (SELECT coalesce(sum((l->>'amountFen')::bigint), 0) FROM jsonb_array_elements(e.payload->'lines') l)::bigint AS "amountFen"
       FROM unbooked_event u JOIN business_event e ON e.id = u.event_id ORDER BY u.event_id`,
    );
    return rows.map(({ source_kind, source_id, ...r }) => ({ ...r, amountFen: Number(r.amountFen), source: { kind: source_kind, id: source_id, link: sourceLink(source_kind, source_id) } }));
  }

  /** Tries every 未制单 event again (after a new rule version, or a period reopened). */
  async retry(): Promise<{ raised: number; stillUnbooked: number }> {
    const ids: { event_id: string }[] = await this.dataSource.query(`SELECT event_id::text FROM unbooked_event ORDER BY event_id`);
    const versions = await this.raiser.versions();
    let raised = 0;
    for (const { event_id } of ids) {
      const [event] = await this.events.after(String(Number(event_id) - 1), 1);
      if (event && (await this.raiser.raise(event, versions)) === 'raised') raised += 1;
    }
    return { raised, stillUnbooked: ids.length - raised };
  }
}
