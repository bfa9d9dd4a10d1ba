import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessEventsService } from '../business-events/business-events.service';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { VoucherRaiser } from './voucher-raiser';

const ROUND_BATCH = 500;

/**
 * Follows the business event log and raises a voucher draft for each event. One node runs a round
 * at a time (the cursor row is taken with SKIP LOCKED); the cursor trails by ACCOUNTING_SETTLE_MS so
 * an event whose transaction committed after a later one's is still read, and the per-event lock and
 * the unique event id on `voucher` make re-reading harmless.
 */
@Injectable()
export class AccountingConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: BusinessEventsService,
    private readonly raiser: VoucherRaiser,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** One round; null when another node holds the cursor, else how many vouchers it raised. */
  async round(): Promise<{ raised: number; unbooked: number } | null> {
    return this.dataSource.transaction(async (tx) => {
      const [cursor] = await tx.query(`SELECT last_event_id FROM accounting_cursor FOR UPDATE SKIP LOCKED`);
      if (!cursor) return null;
      const versions = await this.raiser.versions();
      const settledBefore = this.clock.now().getTime() - this.config.ACCOUNTING_SETTLE_MS;
      let from = String(cursor.last_event_id);
      let next = from;
      let settling = true;
      const outcome = { raised: 0, unbooked: 0 };
      for (;;) {
        const batch = await this.events.after(from, ROUND_BATCH);
        if (batch.length === 0) break;
        const ids = batch.map((e) => e.id);
        const done: { event_id: string }[] = await tx.query(
          `SELECT event_id::text FROM voucher WHERE event_id = ANY($1::bigint[]) UNION SELECT event_id::text FROM unbooked_event WHERE event_id = ANY($1::bigint[])`,
          [ids],
        );
        const handled = new Set(done.map((d) => d.event_id));
        for (const event of batch) {
          if (!handled.has(event.id)) {
            const result = await this.raiser.raise(event, versions);
            if (result === 'raised') outcome.raised += 1;
            if (result === 'unbooked') outcome.unbooked += 1;
          }
          if (settling && new Date(event.publishedAt).getTime() < settledBefore) next = event.id;
          else settling = false;
        }
        from = batch[batch.length - 1].id;
        if (batch.length < ROUND_BATCH) break;
      }
      if (next !== String(cursor.last_event_id)) await tx.query(`UPDATE accounting_cursor SET last_event_id = $1`, [next]);
      return outcome;
    });
  }
}
