import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ASSET_READERS, assetScope, AssetScope, mayReadAsset } from '../assets/asset-access';
import { AssetClassCatalogueService } from '../assets/asset-class-catalogue';
import { AssetNotFoundError } from '../assets/assets.errors';
import { isUuid } from '../common/validation';
import { addMonths, DepreciableCard, lastDayOf, Period, projectedSchedule } from '../depreciation/depreciation-rule';
import type { Actor } from '../org/org.service';
import { AssetReportForbiddenError } from './asset-reports.errors';
import { CardSchedule, ClassSchedule, MovementReport, MovementRow, Reconciliation, ReconciliationRow, RegisterGrouping, RegisterReport, ScheduleLine } from './asset-reports.views';

const MOVEMENT_LIMIT = 5000;
/** The asset-event kind a disposal writes on the card's history. */
const DISPOSAL_EVENT = 'disposed';
const STATUS_NAMES: Record<string, string> = { IN_STOCK: '在库', IN_USE: '在用', IN_REPAIR: '维修中', TRANSFERRING: '调拨中', DISPOSING: '处置中', DISPOSED: '已处置', MISSING: '盘亏' };

/**
 * 资产台账 summaries, additions and disposals, depreciation schedules and the cards-against-books
 * reconciliation. Readers by role see the bureau; a unit's head and asset-keeper their unit; the
 * reconciliation reads the books, so it is for finance, the accountant and the leaders only.
 */
@Injectable()
export class AssetReportsService {
  constructor(private readonly dataSource: DataSource, private readonly classes: AssetClassCatalogueService) {}

  /** The actor's scope, refused when it holds no unit (staff see their own cards on the card list, not reports). */
  scope(actor: Actor): AssetScope {
    const scope = assetScope(actor);
    if (!scope.all && scope.unitCodes.length === 0) throw new AssetReportForbiddenError();
    return scope;
  }

  className(code: string): string {
    return this.classes.find(code)?.name ?? code;
  }

  async register(actor: Actor, by: RegisterGrouping): Promise<RegisterReport> {
    const scope = this.scope(actor);
    const key = { unit: `u.code`, class: `c.class_code`, keeper: `coalesce(k.id::text, '')`, status: `c.status` }[by];
    const name = { unit: `u.name`, class: `c.class_code`, keeper: `coalesce(k.display_name, '')`, status: `c.status` }[by];
    // A disposed card has left the books: it shows only in the grouping by status.
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT ${key} AS key, min(${name}) AS name, count(*)::int AS cards, sum(c.original_value_fen)::bigint AS original, sum(c.depreciated_fen)::bigint AS depreciated
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id LEFT JOIN app_user k ON k.id = c.keeper_id
       WHERE ($1 OR u.code = ANY($2::text[])) AND ($3 OR c.status <> 'DISPOSED')
       GROUP BY ${key} ORDER BY sum(c.original_value_fen) DESC`,
      [scope.all, scope.unitCodes, by === 'status'],
    );
    const out = rows.map((r) => {
      const originalFen = Number(r.original);
      const depreciatedFen = Number(r.depreciated);
      const label = by === 'class' ? this.className(r.key) : by === 'status' ? STATUS_NAMES[r.key] ?? r.key : by === 'keeper' && r.key === '' ? '未指定保管人' : r.name;
      return { key: r.key, name: label, cards: r.cards, originalFen, depreciatedFen, netFen: originalFen - depreciatedFen };
    });
    const total = out.reduce((t, r) => ({ cards: t.cards + r.cards, originalFen: t.originalFen + r.originalFen, depreciatedFen: t.depreciatedFen + r.depreciatedFen, netFen: t.netFen + r.netFen }), { cards: 0, originalFen: 0, depreciatedFen: 0, netFen: 0 });
    return { by, rows: out, total };
  }

  /** Cards accepted, and cards disposed, in the months from `from` to `to`. */
  async movements(actor: Actor, from: Period, to: Period): Promise<MovementReport> {
    const scope = this.scope(actor);
    const params = [scope.all, scope.unitCodes, `${from}-01`, lastDayOf(to), MOVEMENT_LIMIT];
    const additions: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.number, c.name, c.class_code, u.name AS unit_name, to_char(c.accepted_on, 'YYYY-MM-DD') AS on_day, c.original_value_fen, c.depreciated_fen, c.source
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id
       WHERE ($1 OR u.code = ANY($2::text[])) AND c.accepted_on BETWEEN $3::date AND $4::date
       ORDER BY c.accepted_on, c.number LIMIT $5`,
      params,
    );
    const disposals: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.number, c.name, c.class_code, u.name AS unit_name, to_char(e.occurred_on, 'YYYY-MM-DD') AS on_day, c.original_value_fen, c.depreciated_fen
       FROM asset_event e JOIN asset_card c ON c.id = e.card_id JOIN org_unit u ON u.id = c.unit_id
       WHERE e.kind = '${DISPOSAL_EVENT}' AND ($1 OR u.code = ANY($2::text[])) AND e.occurred_on BETWEEN $3::date AND $4::date
       ORDER BY e.occurred_on, c.number LIMIT $5`,
      params,
    );
    const row = (r: Record<string, any>): MovementRow => ({
      id: r.id, number: r.number, name: r.name, classCode: r.class_code, className: this.className(r.class_code), unitName: r.unit_name, on: r.on_day,
      originalFen: Number(r.original_value_fen), depreciatedFen: Number(r.depreciated_fen), netFen: Number(r.original_value_fen) - Number(r.depreciated_fen),
      ...(r.source ? { source: r.source } : {}),
    });
    const add = additions.map(row);
    const out = disposals.map(row);
    const sum = (rows: MovementRow[]) => rows.reduce((s, r) => s + r.originalFen, 0);
    return { from, to, additions: add, disposals: out, totals: { additions: add.length, additionsFen: sum(add), disposals: out.length, disposalsFen: sum(out) } };
  }

  /** One card month by month: what the runs booked, then what the rule will book to the end of its life. */
  async cardSchedule(actor: Actor, id: string): Promise<CardSchedule> {
    if (!isUuid(id)) throw new AssetNotFoundError(id);
    const [c] = await this.dataSource.query(
      `SELECT c.id, c.number, c.name, c.class_code, c.original_value_fen, c.useful_life_months, to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on,
              c.depreciated_fen, c.depreciated_through, c.status, c.holder_id, u.code AS unit_code
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = $1`,
      [id],
    );
    if (!c) throw new AssetNotFoundError(id);
    if (!mayReadAsset(actor, { unitCode: c.unit_code, holderId: c.holder_id })) throw new AssetReportForbiddenError();
    const originalFen = Number(c.original_value_fen);
    const booked: Record<string, any>[] = await this.dataSource.query(`SELECT period, amount_fen, accumulated_fen, months FROM asset_depreciation WHERE card_id = $1 ORDER BY period`, [id]);
    const lines: ScheduleLine[] = booked.map((b) => ({ period: b.period, amountFen: Number(b.amount_fen), accumulatedFen: Number(b.accumulated_fen), netFen: originalFen - Number(b.accumulated_fen), months: b.months, booked: true }));
    const card: DepreciableCard = { originalValueFen: originalFen, usefulLifeMonths: c.useful_life_months, acceptedOn: c.accepted_on, depreciatedFen: Number(c.depreciated_fen), depreciatedThrough: c.depreciated_through, status: c.status };
    for (const month of projectedSchedule(card, '9999-12')) lines.push({ ...month, months: 1, booked: false });
    return {
      card: { id: c.id, number: c.number, name: c.name, classCode: c.class_code, className: this.className(c.class_code), originalFen, usefulLifeMonths: c.useful_life_months, acceptedOn: c.accepted_on, depreciatedFen: card.depreciatedFen, depreciatedThrough: c.depreciated_through, status: c.status },
      lines,
    };
  }

  /** A year by class and month: booked months from the runs, later months projected from the cards as they stand. */
  async classSchedule(actor: Actor, year: number): Promise<ClassSchedule> {
    const scope = this.scope(actor);
    const [{ through }] = await this.dataSource.query(`SELECT max(period) AS through FROM depreciation_run`);
    const totals = new Map<string, number[]>();
    const add = (classCode: string, month: number, amount: number) => {
      const months = totals.get(classCode) ?? new Array<number>(12).fill(0);
      months[month] += amount;
      totals.set(classCode, months);
    };
    const booked: Record<string, any>[] = await this.dataSource.query(
      `SELECT d.class_code, d.period, sum(d.amount_fen)::bigint AS amount FROM asset_depreciation d JOIN org_unit u ON u.id = d.unit_id
       WHERE d.period LIKE $3 AND ($1 OR u.code = ANY($2::text[])) GROUP BY d.class_code, d.period`,
      [scope.all, scope.unitCodes, `${year}-%`],
    );
    for (const b of booked) add(b.class_code, Number(b.period.slice(5, 7)) - 1, Number(b.amount));
    const end = `${year}-12`;
    if (!through || through < end) {
      const cards: Record<string, any>[] = await this.dataSource.query(
        `SELECT c.class_code, c.original_value_fen, c.useful_life_months, to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on, c.depreciated_fen, c.depreciated_through, c.status
         FROM asset_card c JOIN org_unit u ON u.id = c.unit_id
         WHERE c.status <> 'DISPOSED' AND c.useful_life_months IS NOT NULL AND c.depreciated_fen < c.original_value_fen AND ($1 OR u.code = ANY($2::text[]))`,
        [scope.all, scope.unitCodes],
      );
      for (const c of cards) {
        const state: DepreciableCard = { originalValueFen: Number(c.original_value_fen), usefulLifeMonths: c.useful_life_months, acceptedOn: c.accepted_on, depreciatedFen: Number(c.depreciated_fen), depreciatedThrough: c.depreciated_through, status: c.status };
        for (const month of projectedSchedule(state, end)) {
          // A month at or before the last run is caught up by the next run, as depreciationDue does.
          const period = through && month.period <= through ? addMonths(through, 1) : month.period;
          if (period.startsWith(`${year}-`) && month.amountFen > 0) add(c.class_code, Number(period.slice(5, 7)) - 1, month.amountFen);
        }
      }
    }
    const rows = [...totals.entries()].map(([classCode, months]) => ({ classCode, className: this.className(classCode), months, totalFen: months.reduce((s, m) => s + m, 0) })).sort((a, b) => a.classCode.localeCompare(b.classCode));
    const monthTotals = new Array<number>(12).fill(0).map((_, i) => rows.reduce((s, r) => s + r.months[i], 0));
    return { year, bookedThrough: through ?? null, rows, monthTotals };
  }

  /**
   * Cards against the books per unit: original value against 1601 固定资产, depreciation to date
   * against 1602 固定资产累计折旧 — posted (科目余额表, 决算) and in vouchers not yet posted; the
   * difference is what neither explains.
   */
  async reconciliation(actor: Actor): Promise<Reconciliation> {
    if (!actor.groups.some((g) => ASSET_READERS.includes(g))) throw new AssetReportForbiddenError();
    const cards: Record<string, any>[] = await this.dataSource.query(
      `SELECT u.code, min(u.name) AS name, sum(c.original_value_fen)::bigint AS original, sum(c.depreciated_fen)::bigint AS depreciated
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id WHERE c.status <> 'DISPOSED' GROUP BY u.code`,
    );
    const posted: Record<string, any>[] = await this.dataSource.query(
      `SELECT unit AS code, coalesce(sum(debit_fen - credit_fen) FILTER (WHERE subject_code = '1601'), 0)::bigint AS original,
              coalesce(sum(credit_fen - debit_fen) FILTER (WHERE subject_code = '1602'), 0)::bigint AS depreciated
       FROM ledger_total WHERE book = 'financial' AND subject_code IN ('1601', '1602') GROUP BY unit`,
    );
    const drafts: Record<string, any>[] = await this.dataSource.query(
      `SELECT coalesce(e.unit, '') AS code, coalesce(sum(e.debit_fen - e.credit_fen) FILTER (WHERE e.subject_code = '1601'), 0)::bigint AS original,
              coalesce(sum(e.credit_fen - e.debit_fen) FILTER (WHERE e.subject_code = '1602'), 0)::bigint AS depreciated
       FROM voucher_entry e JOIN voucher v ON v.id = e.voucher_id
       WHERE v.state <> 'posted' AND e.book = 'financial' AND e.subject_code IN ('1601', '1602') GROUP BY coalesce(e.unit, '')`,
    );
    const names: { code: string; name: string }[] = await this.dataSource.query(`SELECT code, name FROM org_unit`);
    const units = new Map<string, ReconciliationRow>();
    const row = (code: string): ReconciliationRow => {
      let found = units.get(code);
      if (!found) {
        found = { unitCode: code, unitName: names.find((n) => n.code === code)?.name ?? (code || '（未记单位）'), cardsOriginalFen: 0, booksOriginalFen: 0, draftOriginalFen: 0, originalDifferenceFen: 0, cardsDepreciatedFen: 0, booksDepreciatedFen: 0, draftDepreciatedFen: 0, depreciatedDifferenceFen: 0 };
        units.set(code, found);
      }
      return found;
    };
    for (const c of cards) Object.assign(row(c.code), { cardsOriginalFen: Number(c.original), cardsDepreciatedFen: Number(c.depreciated) });
    for (const p of posted) Object.assign(row(p.code), { booksOriginalFen: Number(p.original), booksDepreciatedFen: Number(p.depreciated) });
    for (const d of drafts) Object.assign(row(d.code), { draftOriginalFen: Number(d.original), draftDepreciatedFen: Number(d.depreciated) });
    const rows = [...units.values()].map((r) => ({
      ...r,
      originalDifferenceFen: r.cardsOriginalFen - r.booksOriginalFen - r.draftOriginalFen,
      depreciatedDifferenceFen: r.cardsDepreciatedFen - r.booksDepreciatedFen - r.draftDepreciatedFen,
    })).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
    const sum = (key: keyof ReconciliationRow) => rows.reduce((s, r) => s + (r[key] as number), 0);
    const total = {
      cardsOriginalFen: sum('cardsOriginalFen'), booksOriginalFen: sum('booksOriginalFen'), draftOriginalFen: sum('draftOriginalFen'), originalDifferenceFen: sum('originalDifferenceFen'),
      cardsDepreciatedFen: sum('cardsDepreciatedFen'), booksDepreciatedFen: sum('booksDepreciatedFen'), draftDepreciatedFen: sum('draftDepreciatedFen'), depreciatedDifferenceFen: sum('depreciatedDifferenceFen'),
    };
    return { rows, total, agrees: rows.every((r) => r.originalDifferenceFen === 0 && r.depreciatedDifferenceFen === 0) };
  }
}
