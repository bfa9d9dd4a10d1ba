import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BUSINESS_EVENT_KINDS, PublishedBusinessEvent } from '../business-events/business-event';
import { BusinessEventsService } from '../business-events/business-events.service';
import { ACCOUNTING_DATA_DIR, ChartOfAccounts } from './chart';
import { PostingRulesInvalidError, PostingRuleVersionNotFoundError } from './accounting.errors';
import { voucherNumber } from './voucher-number';
import { book, DraftEntry, EventLike, imbalance, PostingRule, PostingRuleSet, ruleProblems } from './posting-rules';

const SHIPPED = join(ACCOUNTING_DATA_DIR, 'posting-rules.json');
const SAMPLES = join(ACCOUNTING_DATA_DIR, 'sample-events.json');
const CHECK_BATCH = 2000;

export interface StoredPostingRules extends PostingRuleSet {
  createdBy: string;
  createdAt: string;
}

export interface PostingRuleProposal {
  effectiveFrom: string;
  description?: string;
  rules: PostingRule[];
}

export interface DryRunItem {
  eventId: string;
  kind: string;
  source: { kind: string; id: string };
  occurredOn: string;
  summary: string;
  current: { voucherId: string; number: string; state: string; entries: DraftEntry[] } | { unbooked: string } | null;
  proposed: { entries: DraftEntry[]; rules: string[]; balanced: boolean } | { unbooked: string };
  changed: boolean;
}

/** Built-in events of each kind every version is checked against, besides the past events. */
export function sampleEvents(): (EventLike & { label: string })[] {
  const { events } = JSON.parse(readFileSync(SAMPLES, 'utf8')) as { events: (EventLike & { summary: string })[] };
  return events.map((event, i) => ({ ...event, label: `sample #${i + 1} ${event.kind}` }));
}

/**
 * Posting rules as versioned data, like the rule sets: the shipped version is stored at start, a new
 * version is checked against the chart, every past event and a sample of each kind before it is
 * stored, and a dry run shows what a draft would raise for the latest events.
 */
@Injectable()
export class PostingRulesService {
  private readonly logger = new Logger(PostingRulesService.name);
  private shipped?: Promise<void>;
  readonly chart = ChartOfAccounts.load();

  constructor(private readonly dataSource: DataSource, private readonly events: BusinessEventsService) {}

  /** Stores the shipped version once (every node may try; the first wins). */
  ensureShipped(): Promise<void> {
    this.shipped ??= (async () => {
      const definition = JSON.parse(readFileSync(SHIPPED, 'utf8')) as PostingRuleSet;
      const problems = ruleProblems(definition.rules, this.chart, BUSINESS_EVENT_KINDS);
      if (problems.length) throw new Error(`shipped posting rules: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
      await this.dataSource.query(
        `INSERT INTO posting_rule_version (version, effective_from, definition, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING`,
        [definition.version, definition.effectiveFrom, definition, 'rules/accounting/posting-rules.json'],
      );
    })().catch((error) => {
      this.shipped = undefined;
      throw error;
    });
    return this.shipped;
  }

  async versions(): Promise<StoredPostingRules[]> {
    await this.ensureShipped();
    const rows: { version: number; effective_from: string; definition: PostingRuleSet; created_by: string; created_at: Date }[] = await this.dataSource.query(
      `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, definition, created_by, created_at FROM posting_rule_version ORDER BY version`,
    );
    return rows.map((r) => ({ ...r.definition, version: r.version, effectiveFrom: r.effective_from, createdBy: r.created_by, createdAt: r.created_at.toISOString() }));
  }

  async version(version: string): Promise<StoredPostingRules> {
    const found = /^\d{1,6}$/.test(version) ? (await this.versions()).find((v) => v.version === Number(version)) : undefined;
    if (!found) throw new PostingRuleVersionNotFoundError(version);
    return found;
  }

  /** The version in force on a day: the highest version effective on or before it. */
  static inForce(versions: StoredPostingRules[], day: string): StoredPostingRules | null {
    return [...versions].reverse().find((v) => v.effectiveFrom <= day) ?? null;
  }

  /** Stores the proposal as the next version, refused with a 400 naming the event and book it would unbalance. */
  async save(proposal: PostingRuleProposal, author: string): Promise<StoredPostingRules> {
    this.assertShape(proposal);
    await this.assertBalanced(proposal);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('posting_rule_version'))`);
      const [{ next }] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM posting_rule_version`);
      const stored: PostingRuleSet = { version: Number(next), effectiveFrom: proposal.effectiveFrom, description: proposal.description ?? '', rules: proposal.rules };
      const [row] = await tx.query(`INSERT INTO posting_rule_version (version, effective_from, definition, created_by) VALUES ($1, $2, $3, $4) RETURNING created_at`, [stored.version, stored.effectiveFrom, stored, author]);
      this.logger.log(`${author} stored posting rules v${stored.version}, effective ${stored.effectiveFrom}`);
      return { ...stored, createdBy: author, createdAt: (row.created_at as Date).toISOString() };
    });
  }

  /** What the proposal would raise for the latest events, beside what was raised; nothing is stored. */
  async dryRun(proposal: PostingRuleProposal, last: number): Promise<{ events: number; changed: number; items: DryRunItem[] }> {
    this.assertShape(proposal);
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM business_event ORDER BY id DESC LIMIT $1`, [last]);
    const fromId = rows.length ? String(Number(rows[rows.length - 1].id) - 1) : '0';
    const events = rows.length ? await this.events.after(fromId, last) : [];
    const items: DryRunItem[] = [];
    for (const event of events.reverse()) {
      const current = await this.currentBooking(event.id);
      const booking = book(proposal, event);
      const proposed: DryRunItem['proposed'] = booking.ok ? { entries: booking.entries, rules: booking.rules, balanced: imbalance(booking.entries) === null } : { unbooked: booking.reason };
      const currentEntries = current && 'entries' in current ? current.entries : null;
      const changed = JSON.stringify(currentEntries) !== JSON.stringify('entries' in proposed ? proposed.entries : null);
      items.push({ eventId: event.id, kind: event.kind, source: event.source, occurredOn: event.occurredOn, summary: event.summary, current, proposed, changed });
    }
    return { events: items.length, changed: items.filter((i) => i.changed).length, items };
  }

  private async currentBooking(eventId: string): Promise<DryRunItem['current']> {
    const [voucher] = await this.dataSource.query(`SELECT id, period, number, state FROM voucher WHERE event_id = $1`, [eventId]);
    if (voucher) {
      const entries = await this.dataSource.query(
        `SELECT book, subject_code AS "subjectCode", summary, unit, economic_code AS "economicCode", functional_code AS "functionalCode", project, person, supplier,
                debit_fen::int AS "debitFen", credit_fen::int AS "creditFen" FROM voucher_entry WHERE voucher_id = $1 ORDER BY line_no`,
        [voucher.id],
      );
      return { voucherId: voucher.id, number: voucherNumber(voucher.number), state: voucher.state, entries };
    }
    const [unbooked] = await this.dataSource.query(`SELECT reason FROM unbooked_event WHERE event_id = $1`, [eventId]);
    return unbooked ? { unbooked: unbooked.reason } : null;
  }

  private assertShape(proposal: PostingRuleProposal): void {
    const problems = ruleProblems(proposal.rules, this.chart, BUSINESS_EVENT_KINDS);
    if (problems.length) throw new PostingRulesInvalidError('记账规则有误', 'The posting rules have errors', problems);
  }

  /** Every past event and every sample event balances in each book under the proposal. */
  private async assertBalanced(proposal: PostingRuleProposal): Promise<void> {
    const refuse = (label: string, eventId: string | null, found: NonNullable<ReturnType<typeof imbalance>>) => {
      const bookZh = found.book === 'financial' ? '财务会计' : '预算会计';
      throw new PostingRulesInvalidError(
        `该版本会为${label}生成${bookZh}借贷不平的凭证（借 ${found.debitFen} 分，贷 ${found.creditFen} 分）`,
        `This version would raise a voucher for ${label} that does not balance in the ${found.book} book (debit ${found.debitFen} fen, credit ${found.creditFen} fen)`,
        [{ field: 'rules', message: `${label}: ${found.book} book unbalanced / ${bookZh}不平` }],
        { eventId, book: found.book },
      );
    };
    for (const sample of sampleEvents()) {
      const booking = book(proposal, sample);
      const found = booking.ok ? imbalance(booking.entries) : null;
      if (found) refuse(`示例事件 ${sample.label}`, null, found);
    }
    let after = '0';
    for (;;) {
      const batch: PublishedBusinessEvent[] = await this.events.after(after, CHECK_BATCH);
      for (const event of batch) {
        const booking = book(proposal, event);
        const found = booking.ok ? imbalance(booking.entries) : null;
        if (found) refuse(`业务事件 #${event.id}（${event.kind} ${event.source.kind}/${event.source.id}）`, event.id, found);
      }
      if (batch.length < CHECK_BATCH) return;
      after = batch[batch.length - 1].id;
    }
  }
}

