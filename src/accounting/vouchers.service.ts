import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { Clock } from '../common/clock';
import { isUuid } from '../common/validation';
import type { Actor } from '../org/org.service';
import { AccountingRefusedError, PeriodClosedError, VoucherNotFoundError, VoucherStateError } from './accounting.errors';
import { ChartOfAccounts } from './chart';
import { PostingRulesService } from './posting-rules.service';
import { insertEntries } from './voucher-raiser';
import { voucherNumber } from './voucher-number';
import type { VoucherEntryView, VoucherView } from './voucher.views';

export interface VoucherFilter {
  period?: string;
  state?: string;
  sourceKind?: string;
  sourceId?: string;
  page: number;
  pageSize: number;
}

export type { VoucherEntryView, VoucherView } from './voucher.views';

const VOUCHER_COLUMNS = `v.id, v.period, v.number, to_char(v.voucher_date, 'YYYY-MM-DD') AS date, v.summary, v.attachment_count, v.source_kind, v.source_id,
  v.event_id::text AS event_id, v.event_kind, v.rule_version, v.state, v.made_by, v.reviewed_by, v.reviewed_at, v.posted_by, v.posted_at, v.reverses_id,
  (SELECT json_build_object('financial', json_build_object('debitFen', coalesce(sum(debit_fen) FILTER (WHERE book = 'financial'), 0), 'creditFen', coalesce(sum(credit_fen) FILTER (WHERE book = 'financial'), 0)),
                            'budget', json_build_object('debitFen', coalesce(sum(debit_fen) FILTER (WHERE book = 'budget'), 0), 'creditFen', coalesce(sum(credit_fen) FILTER (WHERE book = 'budget'), 0)))
     FROM voucher_entry WHERE voucher_id = v.id) AS totals`;

/** Where the browser opens a voucher's source: the subject page, which every kind has. */
export const sourceLink = (kind: string, id: string) => `/subjects/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;

/** The database's refusal (a check or trigger) as the accountant reads it. */
export function refusal(error: unknown): AccountingRefusedError | null {
  if (error instanceof QueryFailedError) {
    const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
    if (code === '23514' || code === '23505') return new AccountingRefusedError(error.message);
  }
  return null;
}

/** Vouchers: the list, one voucher with both books, review, posting and the red reversal. */
@Injectable()
export class VouchersService {
  private readonly logger = new Logger(VouchersService.name);

  constructor(private readonly dataSource: DataSource, private readonly rules: PostingRulesService, private readonly clock: Clock) {}

  private get chart(): ChartOfAccounts {
    return this.rules.chart;
  }

  async list(filter: VoucherFilter): Promise<{ total: number; items: VoucherView[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.period) add('v.period = ?', filter.period);
    if (filter.state) add('v.state = ?', filter.state);
    if (filter.sourceKind) add('v.source_kind = ?', filter.sourceKind);
    if (filter.sourceId) add('v.source_id = ?', filter.sourceId);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM voucher v ${clause}`, params);
    const rows = await this.dataSource.query(
      `SELECT ${VOUCHER_COLUMNS} FROM voucher v ${clause} ORDER BY v.period DESC, v.number DESC LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
      params,
    );
    return { total, items: await this.views(rows) };
  }

  async view(id: string): Promise<VoucherView & { entries: VoucherEntryView[]; event: unknown }> {
    if (!isUuid(id)) throw new VoucherNotFoundError(id);
    const rows = await this.dataSource.query(`SELECT ${VOUCHER_COLUMNS} FROM voucher v WHERE v.id = $1`, [id]);
    if (!rows.length) throw new VoucherNotFoundError(id);
    const [voucher] = await this.views(rows);
    const entries = await this.entries(id);
    const [event] = voucher.eventId ? await this.dataSource.query(`SELECT id::text, kind, payload, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", published_by AS "publishedBy" FROM business_event WHERE id = $1`, [voucher.eventId]) : [];
    return { ...voucher, entries, event: event ?? null };
  }

  async entries(voucherId: string): Promise<VoucherEntryView[]> {
    const rows = await this.dataSource.query(
      `SELECT line_no AS "lineNo", book, subject_code AS "subjectCode", summary, unit, economic_code AS "economicCode", functional_code AS "functionalCode",
              project, person, supplier, debit_fen::bigint AS "debitFen", credit_fen::bigint AS "creditFen"
       FROM voucher_entry WHERE voucher_id = $1 ORDER BY line_no`,
      [voucherId],
    );
    return rows.map((r: VoucherEntryView) => ({
      ...r,
      debitFen: Number(r.debitFen),
      creditFen: Number(r.creditFen),
      subjectName: this.chart.account(r.subjectCode)?.name ?? null,
      economicName: this.chart.economicName(r.economicCode),
    }));
  }

  /** 审核: by anyone but the maker (the system made the automatic ones). */
  async review(id: string, actor: Actor): Promise<VoucherView> {
    const voucher = await this.view(id);
    if (voucher.state !== 'draft') throw new VoucherStateError(`凭证 ${voucher.label} 不是草稿，不能审核`, `Voucher ${voucher.label} is not a draft`, { state: voucher.state });
    if (voucher.madeBy === actor.username) throw new VoucherStateError('制单人不能审核自己的凭证', 'The maker of a voucher cannot review it');
    await this.write(`UPDATE voucher SET state = 'reviewed', reviewed_by = $2, reviewed_at = now() WHERE id = $1 AND state = 'draft'`, [id, actor.username]);
    return this.view(id);
  }

  /** 记账: by anyone but the reviewer; the database checks each book balances and adds the totals. */
  async post(id: string, actor: Actor): Promise<VoucherView> {
    const voucher = await this.view(id);
    if (voucher.state !== 'reviewed') throw new VoucherStateError(`凭证 ${voucher.label} 未审核或已记账，不能记账`, `Voucher ${voucher.label} is not reviewed (or is posted)`, { state: voucher.state });
    if (voucher.reviewedBy === actor.username) throw new VoucherStateError('审核人不能记账同一张凭证', 'The reviewer of a voucher cannot post it');
    await this.write(`UPDATE voucher SET state = 'posted', posted_by = $2, posted_at = now() WHERE id = $1 AND state = 'reviewed'`, [id, actor.username]);
    this.logger.log(`${actor.username} posted voucher ${voucher.period} ${voucher.label}`);
    return this.view(id);
  }

  /** 取消审核: a reviewed voucher back to draft, by anyone who may review. */
  async unreview(id: string): Promise<VoucherView> {
    const voucher = await this.view(id);
    if (voucher.state !== 'reviewed') throw new VoucherStateError(`凭证 ${voucher.label} 未审核`, `Voucher ${voucher.label} is not reviewed`, { state: voucher.state });
    await this.write(`UPDATE voucher SET state = 'draft', reviewed_by = NULL, reviewed_at = NULL WHERE id = $1 AND state = 'reviewed'`, [id]);
    return this.view(id);
  }

  /**
   * 红字冲销: a new draft in today's period with the same entries in negative amounts, linked to the
   * posted voucher; it is reviewed and posted like any other.
   */
  async reverse(id: string, actor: Actor, reason: string): Promise<VoucherView> {
    const original = await this.view(id);
    if (original.state !== 'posted') throw new VoucherStateError('只有已记账的凭证可以红字冲销', 'Only a posted voucher can be reversed', { state: original.state });
    if (original.reversedBy) throw new VoucherStateError(`凭证 ${original.label} 已被 ${original.reversedBy.period} ${original.reversedBy.label} 冲销`, `Voucher ${original.label} is already reversed`, { reversedBy: original.reversedBy.id });
    const today = this.clock.today();
    const period = today.slice(0, 7);
    const newId = await this.dataSource.transaction(async (tx) => {
      const [closed] = await tx.query(`SELECT 1 FROM accounting_period WHERE period = $1 AND status = 'closed'`, [period]);
      if (closed) throw new PeriodClosedError(period);
      const [row] = await tx
        .query(
          `INSERT INTO voucher (period, number, voucher_date, summary, attachment_count, source_kind, source_id, state, made_by, reverses_id)
           VALUES ($1, 0, $2, $3, 0, $4, $5, 'draft', $6, $7) RETURNING id`,
          [period, today, `冲销 ${original.period} ${original.label} 号凭证：${reason}`, original.source?.kind ?? null, original.source?.id ?? null, actor.username, id],
        )
        .catch((error: unknown) => {
          throw refusal(error) ?? error;
        });
      await insertEntries(tx, row.id, original.entries.map((e) => ({ ...e, summary: `冲销：${e.summary}`, debitFen: e.debitFen ? -e.debitFen : 0, creditFen: e.creditFen ? -e.creditFen : 0 })));
      return row.id as string;
    });
    this.logger.log(`${actor.username} reversed voucher ${original.period} ${original.label}`);
    return this.view(newId);
  }

  private async write(sql: string, params: unknown[]): Promise<void> {
    try {
      await this.dataSource.query(sql, params);
    } catch (error) {
      throw refusal(error) ?? error;
    }
  }

  private async views(rows: Record<string, any>[]): Promise<VoucherView[]> {
    const ids = rows.map((r) => r.id);
    const linked: { id: string; period: string; number: number; state: string; reverses_id: string | null }[] = ids.length
      ? await this.dataSource.query(
          `SELECT id, period, number, state, reverses_id FROM voucher WHERE reverses_id = ANY($1::uuid[]) OR id IN (SELECT reverses_id FROM voucher WHERE id = ANY($1::uuid[]))`,
          [ids],
        )
      : [];
    return rows.map((r) => {
      const reverses = r.reverses_id ? linked.find((l) => l.id === r.reverses_id) : undefined;
      const reversedBy = linked.find((l) => l.reverses_id === r.id);
      const totals = r.totals as VoucherView['totals'];
      return {
        id: r.id,
        period: r.period,
        number: r.number,
        label: voucherNumber(r.number),
        date: r.date,
        summary: r.summary,
        attachmentCount: r.attachment_count,
        source: r.source_kind ? { kind: r.source_kind, id: r.source_id, link: sourceLink(r.source_kind, r.source_id) } : null,
        eventId: r.event_id,
        eventKind: r.event_kind,
        ruleVersion: r.rule_version,
        state: r.state,
        madeBy: r.made_by,
        reviewedBy: r.reviewed_by,
        reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
        postedBy: r.posted_by,
        postedAt: r.posted_at ? new Date(r.posted_at).toISOString() : null,
        reverses: reverses ? { id: reverses.id, label: voucherNumber(reverses.number), period: reverses.period } : null,
        reversedBy: reversedBy ? { id: reversedBy.id, label: voucherNumber(reversedBy.number), period: reversedBy.period, state: reversedBy.state } : null,
        totals: {
          financial: { debitFen: Number(totals.financial.debitFen), creditFen: Number(totals.financial.creditFen) },
          budget: { debitFen: Number(totals.budget.debitFen), creditFen: Number(totals.budget.creditFen) },
        },
      };
    });
  }
}
