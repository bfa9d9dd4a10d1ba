import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PublishedBusinessEvent } from '../business-events/business-event';
import { book, DraftEntry, imbalance } from './posting-rules';
import { PostingRulesService, StoredPostingRules } from './posting-rules.service';

export const SYSTEM_MAKER = 'system';

export type RaiseOutcome = 'raised' | 'unbooked' | 'exists';

/** Inserts a voucher's entries in one statement. */
export async function insertEntries(tx: EntityManager, voucherId: string, entries: DraftEntry[]): Promise<void> {
  const columns = ['voucher_id', 'line_no', 'book', 'subject_code', 'summary', 'unit', 'economic_code', 'functional_code', 'project', 'person', 'supplier', 'debit_fen', 'credit_fen'];
  const values: unknown[] = [];
  const rows = entries.map((e, i) => {
    values.push(voucherId, i + 1, e.book, e.subjectCode, e.summary, e.unit, e.economicCode, e.functionalCode, e.project, e.person, e.supplier, e.debitFen, e.creditFen);
    return `(${columns.map((_, c) => `$${i * columns.length + c + 1}`).join(', ')})`;
  });
  await tx.query(`INSERT INTO voucher_entry (${columns.join(', ')}) VALUES ${rows.join(', ')}`, values);
}

/**
 * Turns one business event into its voucher draft (both books, linked to the event and its source),
 * or into an 未制单 row with the reason. Serialised per event, and the unique event id on `voucher`
 * is the last word: replaying an event, or two nodes at once, raises nothing twice.
 */
@Injectable()
export class VoucherRaiser {
  constructor(private readonly dataSource: DataSource, private readonly rules: PostingRulesService) {}

  async raise(event: PublishedBusinessEvent, versions: StoredPostingRules[]): Promise<RaiseOutcome> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('voucher-event'), $1::int)`, [Number(event.id) % 2147483647]);
      const [existing] = await tx.query(`SELECT 1 FROM voucher WHERE event_id = $1`, [event.id]);
      if (existing) return 'exists';
      const rules = PostingRulesService.inForce(versions, event.occurredOn);
      if (!rules) return this.unbooked(tx, event, '事件日期早于任何记账规则版本 / no posting-rule version is in force on the event day', null);
      const booking = book(rules, event);
      if (!booking.ok) return this.unbooked(tx, event, `${booking.reason} / ${booking.reasonEn}`, rules.version);
      const unbalanced = imbalance(booking.entries);
      if (unbalanced) return this.unbooked(tx, event, `记账规则 v${rules.version} 生成的${unbalanced.book === 'financial' ? '财务会计' : '预算会计'}分录不平 / version ${rules.version} books the ${unbalanced.book} book unbalanced`, rules.version);
      const period = event.occurredOn.slice(0, 7);
      const [closed] = await tx.query(`SELECT 1 FROM accounting_period WHERE period = $1 AND status = 'closed'`, [period]);
      if (closed) return this.unbooked(tx, event, `会计期间 ${period} 已结账，重新打开后再制单 / period ${period} is closed; reopen it to raise the voucher`, rules.version);
      const [{ count }] = await tx.query(
        `SELECT count(*)::int AS count FROM attachment a WHERE a.subject_kind = $1 AND a.subject_id = $2 AND NOT EXISTS (SELECT 1 FROM attachment b WHERE b.supersedes = a.id)`,
        [event.source.kind, event.source.id],
      );
      const [voucher] = await tx.query(
        `INSERT INTO voucher (period, number, voucher_date, summary, attachment_count, source_kind, source_id, event_id, event_kind, rule_version, state, made_by)
         VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10) RETURNING id`,
        [period, event.occurredOn, event.summary, count, event.source.kind, event.source.id, event.id, event.kind, rules.version, SYSTEM_MAKER],
      );
      await insertEntries(tx, voucher.id, booking.entries);
      await tx.query(`DELETE FROM unbooked_event WHERE event_id = $1`, [event.id]);
      return 'raised';
    });
  }

  private async unbooked(tx: EntityManager, event: PublishedBusinessEvent, reason: string, version: number | null): Promise<RaiseOutcome> {
    await tx.query(
      `INSERT INTO unbooked_event (event_id, reason, rule_version) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET reason = EXCLUDED.reason, rule_version = EXCLUDED.rule_version, noted_at = now()`,
      [event.id, reason, version],
    );
    return 'unbooked';
  }

  /** Rules as stored now, for a round of raises. */
  versions(): Promise<StoredPostingRules[]> {
    return this.rules.versions();
  }
}
