import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { assetScope, canManageUnit, managedUnits } from '../assets/asset-access';
import { AssetsService } from '../assets/assets.service';
import { Clock } from '../common/clock';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { bilingual, isUuid } from '../common/validation';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import type { DecideGapsDto, ExtraItemDto, OpenStocktakeDto, ScanDto } from './dto/stocktake.dto';
import {
  assetNumberFromCode,
  DecisionView,
  PlaceView,
  decisionsFor,
  ScanResult,
  ScanView,
  StocktakeDetail,
  StocktakeItemView,
  StocktakeSummary,
  SurplusView,
} from './stocktake.views';
import {
  GapNotFoundError,
  GapsUndecidedError,
  NothingToCountError,
  StocktakeAlreadyOpenError,
  StocktakeClosedError,
  StocktakeForbiddenError,
  StocktakeNotFoundError,
  StocktakeUnitNotFoundError,
} from './stocktakes.errors';

export const STOCKTAKE_SET = 'stocktake';
/** Cards that are on the books and so expected where they are kept. */
const COUNTED_STATUSES = ['IN_STOCK', 'IN_USE', 'IN_REPAIR', 'TRANSFERRING', 'DISPOSING'];
/** How many missing cards the live view lists; the count covers all. */
const MISSING_SHOWN = 500;

interface StocktakeRow {
  id: string;
  number: string;
  title: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  location: string | null;
  status: 'OPEN' | 'CLOSED';
  opened_on: string;
  opened_by_name: string;
  closed_on: string | null;
  expected_count: number;
}

const STOCKTAKE_SELECT = `
  SELECT s.id, s.number, s.title, s.unit_id, u.code AS unit_code, u.name AS unit_name, s.location, s.status,
         to_char(s.opened_on, 'YYYY-MM-DD') AS opened_on, p.display_name AS opened_by_name,
         to_char(s.closed_on, 'YYYY-MM-DD') AS closed_on, s.expected_count
  FROM stocktake s JOIN org_unit u ON u.id = s.unit_id JOIN app_user p ON p.id = s.opened_by`;

/** The counts of a stocktake as its scans, extras and decisions stand. */
interface Tally {
  found: number;
  missing: number;
  surplus: number;
  scanCount: number;
  undecidedMissing: number;
  undecidedSurplus: number;
}

/**
 * Stocktakes (资产盘点): opened for a unit or a location in it with a snapshot of the cards expected
 * there; phones send scans (each with the id the phone gave it, so a scan replayed after an outage
 * is stored once and a card scanned by two phones counts once); the live view of found, missing
 * (盘亏) and unrecorded (盘盈); decisions on the gaps; closing, which the stocktake rule set refuses
 * while a missing card has no decision, writes the count onto every card's history.
 */
@Injectable()
export class StocktakesService {
  private readonly logger = new Logger(StocktakesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetsService,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  /** Stocktakes of the units the actor keeps or reads, newest first. */
  async list(actor: Actor): Promise<StocktakeSummary[]> {
    const units = this.readableUnits(actor);
    const rows: StocktakeRow[] = await this.dataSource.query(`${STOCKTAKE_SELECT} WHERE ($1::text[] IS NULL OR u.code = ANY($1)) ORDER BY s.created_at DESC LIMIT 200`, [units]);
    const tallies = await Promise.all(rows.map((row) => this.tally(this.dataSource.manager, row.id, row.expected_count)));
    return rows.map((row, i) => this.summary(row, tallies[i]));
  }

  /** The units the actor keeps assets for, with the locations their cards on the books are kept at: where a count (or a label sheet) can be made. */
  async places(actor: Actor): Promise<PlaceView[]> {
    const kept = managedUnits(actor);
    if (kept !== null && kept.length === 0) return [];
    const rows: { code: string; name: string; location: string; cards: number }[] = await this.dataSource.query(
      `SELECT u.code, u.name, c.location, count(*)::int AS cards FROM asset_card c JOIN org_unit u ON u.id = c.unit_id
       WHERE c.status = ANY($1) AND ($2::text[] IS NULL OR u.code = ANY($2)) GROUP BY u.code, u.name, c.location ORDER BY u.code, c.location`,
      [COUNTED_STATUSES, kept],
    );
    const places = new Map<string, PlaceView>();
    for (const row of rows) {
      const place = places.get(row.code) ?? { unit: { code: row.code, name: row.name }, cards: 0, locations: [] };
      place.cards += row.cards;
      if (row.location) place.locations.push({ location: row.location, cards: row.cards });
      places.set(row.code, place);
    }
    return [...places.values()];
  }

  async open(actor: Actor, dto: OpenStocktakeDto): Promise<StocktakeDetail> {
    const [unit] = await this.dataSource.query(`SELECT id, code, name FROM org_unit WHERE code = $1`, [dto.unit]);
    if (!unit) throw new StocktakeUnitNotFoundError(dto.unit);
    if (!canManageUnit(actor, unit.code)) throw new StocktakeForbiddenError(true);
    const location = dto.location?.trim() || null;
    const today = this.clock.today();
    const id = await this.dataSource.transaction(async (tx) => {
      const [open] = await tx.query(`SELECT number FROM stocktake WHERE unit_id = $1 AND coalesce(location, '') = coalesce($2, '') AND status = 'OPEN'`, [unit.id, location]);
      if (open) throw new StocktakeAlreadyOpenError(open.number);
      const [{ seq }] = await tx.query(`SELECT nextval('stocktake_number_seq') AS seq`);
      const number = `PD${today.slice(0, 4)}-${String(seq).padStart(4, '0')}`;
      const title = dto.title?.trim() || `${unit.name}${location ? ` ${location}` : ''} ${today} 资产盘点`;
      let created: { id: string }[];
      try {
        created = await tx.query(
          `INSERT INTO stocktake (number, unit_id, location, title, opened_by, opened_on, expected_count) VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id`,
          [number, unit.id, location, title, actor.id, today],
        );
      } catch (error) {
        // Two keepers opening the same place at once: the partial unique index lets one through.
        if ((error as { constraint?: string }).constraint === 'stocktake_one_open_per_place') throw new StocktakeAlreadyOpenError('');
        throw error;
      }
      const stocktakeId = created[0].id;
      const [{ count }] = await tx.query(
        `WITH snap AS (
           INSERT INTO stocktake_item (stocktake_id, card_id, number, name, location, keeper_id)
           SELECT $1, c.id, c.number, c.name, nullif(c.location, ''), c.keeper_id FROM asset_card c
           WHERE c.unit_id = $2 AND c.status = ANY($3) AND ($4::text IS NULL OR c.location = $4)
           RETURNING 1)
         SELECT count(*)::int AS count FROM snap`,
        [stocktakeId, unit.id, COUNTED_STATUSES, location],
      );
      if (count === 0) throw new NothingToCountError();
      await tx.query(`UPDATE stocktake SET expected_count = $2 WHERE id = $1`, [stocktakeId, count]);
      return stocktakeId as string;
    }).catch((error) => {
      if (error instanceof StocktakeAlreadyOpenError && !error.details?.number) return this.raceLoser(unit.id, location);
      throw error;
    });
    this.logger.log(`stocktake ${id} opened for ${unit.code}${location ? ` / ${location}` : ''} by ${actor.username}`);
    return this.get(actor, id);
  }

  /** The open stocktake another keeper created a moment ago, as the error the loser of the race gets. */
  private async raceLoser(unitId: string, location: string | null): Promise<never> {
    const [open] = await this.dataSource.query(`SELECT number FROM stocktake WHERE unit_id = $1 AND coalesce(location, '') = coalesce($2, '') AND status = 'OPEN'`, [unitId, location]);
    throw new StocktakeAlreadyOpenError(open?.number ?? '');
  }

  /** The live view: counts, the missing cards (the first MISSING_SHOWN), the unrecorded items, the latest scans. */
  async get(actor: Actor, id: string): Promise<StocktakeDetail> {
    const row = await this.readable(actor, id);
    const manager = this.dataSource.manager;
    const tally = await this.tally(manager, id, row.expected_count);
    const [missingItems, surplusItems, recentScans] = await Promise.all([
      this.items(manager, id, 'missing', MISSING_SHOWN),
      this.surplus(manager, id),
      this.recentScans(manager, id, 20),
    ]);
    return {
      ...this.summary(row, tally),
      missingItems,
      surplusItems,
      recentScans,
      scanCount: tally.scanCount,
      undecidedMissing: tally.undecidedMissing,
      undecidedSurplus: tally.undecidedSurplus,
      canManage: row.status === 'OPEN' && canManageUnit(actor, row.unit_code),
    };
  }

  /**
   * Stores a batch of scans. Each scan's id is the phone's: one already stored (a replay after the
   * network came back) is answered `replayed` and stored no second time. The stocktake row is held
   * in share mode, so a close waits for scans under way and a scan after the close is refused.
   */
  async scan(actor: Actor, id: string, scans: ScanDto[]): Promise<ScanResult> {
    const input = scans.map((s) => ({ id: s.id.toLowerCase(), code: assetNumberFromCode(s.code), scanned_at: s.scannedAt, device: s.device ?? null }));
    const errors: FieldError[] = [];
    input.forEach((scan, i) => {
      if (!scan.code) errors.push({ field: `scans[${i}].code`, message: bilingual('扫描内容为空', 'code is blank') });
      const year = new Date(scan.scanned_at).getUTCFullYear();
      if (!(year >= 2000 && year <= 2100)) errors.push({ field: `scans[${i}].scannedAt`, message: bilingual('扫描时间不在合理范围内', 'scannedAt must be a time between 2000 and 2100') });
    });
    if (errors.length > 0) throw new RequestValidationError(errors);
    return this.dataSource.transaction(async (tx) => {
      const row = await this.manageable(tx, actor, id, 'FOR SHARE');
      const stored: { id: string; in_snapshot: boolean; number: string | null; name: string | null; again: boolean }[] = await tx.query(
        `WITH input AS (
           SELECT DISTINCT ON (id) * FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, code text, scanned_at timestamptz, device text)
         ), inserted AS (
           INSERT INTO stocktake_scan (id, stocktake_id, code, card_id, in_snapshot, scanned_by, scanned_at, device)
           SELECT i.id, $1, i.code, c.id, si.card_id IS NOT NULL, $3, i.scanned_at, i.device
           FROM input i LEFT JOIN asset_card c ON c.number = i.code LEFT JOIN stocktake_item si ON si.stocktake_id = $1 AND si.card_id = c.id
           ON CONFLICT (id) DO NOTHING
           RETURNING id, card_id, in_snapshot
         )
         SELECT n.id, n.in_snapshot, si.number, si.name,
                EXISTS (SELECT 1 FROM stocktake_scan o WHERE o.stocktake_id = $1 AND o.card_id = n.card_id AND n.in_snapshot) AS again
         FROM inserted n LEFT JOIN stocktake_item si ON si.stocktake_id = $1 AND si.card_id = n.card_id`,
        [id, JSON.stringify(input), actor.id],
      );
      const byId = new Map(stored.map((s) => [s.id, s]));
      // Only the found count goes back to the phone: the full tally is the live view's.
      const [{ found }] = await tx.query(`SELECT count(DISTINCT card_id)::int AS found FROM stocktake_scan WHERE stocktake_id = $1 AND in_snapshot`, [id]);
      return {
        scans: input.map((scan) => {
          const hit = byId.get(scan.id);
          if (!hit) return { id: scan.id, outcome: 'replayed' as const, number: scan.code, name: null };
          // `again` sees scans committed before this transaction: the card was found already.
          return { id: scan.id, outcome: hit.in_snapshot ? (hit.again ? ('again' as const) : ('found' as const)) : ('surplus' as const), number: hit.number ?? scan.code, name: hit.name };
        }),
        found,
        expected: row.expected_count,
      };
    });
  }

  /** 盘盈 entered by hand: an item found that carries no label. */
  async addExtra(actor: Actor, id: string, dto: ExtraItemDto): Promise<StocktakeDetail> {
    await this.dataSource.transaction(async (tx) => {
      await this.manageable(tx, actor, id, 'FOR SHARE');
      await tx.query(`INSERT INTO stocktake_extra (stocktake_id, description, location, entered_by) VALUES ($1, $2, $3, $4)`, [id, dto.description.trim(), dto.location?.trim() || null, actor.id]);
    });
    return this.get(actor, id);
  }

  /** Records decisions on gaps (replacing earlier ones), each naming a gap the stocktake has. */
  async decide(actor: Actor, id: string, dto: DecideGapsDto): Promise<StocktakeDetail> {
    await this.dataSource.transaction(async (tx) => {
      await this.manageable(tx, actor, id, 'FOR UPDATE');
      const decisions = dto.decisions ?? [];
      const errors: FieldError[] = [];
      const missingKeys = new Set<string>((await tx.query(
        `SELECT si.card_id::text AS key FROM stocktake_item si WHERE si.stocktake_id = $1
           AND NOT EXISTS (SELECT 1 FROM stocktake_scan s WHERE s.stocktake_id = $1 AND s.card_id = si.card_id)`, [id],
      )).map((r: { key: string }) => r.key));
      const surplusKeys = new Set((await this.surplus(tx, id)).map((s) => s.key));
      decisions.forEach((d, i) => {
        if (!decisionsFor(d.kind).includes(d.decision as never)) {
          errors.push({ field: `decisions[${i}].decision`, message: bilingual(`${d.kind === 'missing' ? '盘亏' : '盘盈'}不能选择该处理意见`, `${d.decision} is not a decision for a ${d.kind} item`) });
        } else if (!(d.kind === 'missing' ? missingKeys : surplusKeys).has(d.key)) {
          errors.push({ field: `decisions[${i}].key`, message: bilingual('该差异项不存在（可能已被扫到）', `no ${d.kind} item ${d.key} in this stocktake (it may have been scanned meanwhile)`) });
        }
      });
      if (errors.length > 0) throw new GapNotFoundError(errors);
      const rows = decisions.map((d) => ({ kind: d.kind, key: d.key, decision: d.decision, note: d.note?.trim() || null }));
      if (dto.allMissing) {
        const decided = new Set(rows.filter((r) => r.kind === 'missing').map((r) => r.key));
        const [{ keys }] = await tx.query(`SELECT coalesce(array_agg(gap_key), '{}') AS keys FROM stocktake_decision WHERE stocktake_id = $1 AND gap_kind = 'missing'`, [id]);
        for (const key of missingKeys) if (!decided.has(key) && !keys.includes(key)) rows.push({ kind: 'missing', key, decision: dto.allMissing, note: dto.allMissingNote?.trim() || null });
      }
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO stocktake_decision (stocktake_id, gap_kind, gap_key, decision, note, decided_by)
         SELECT $1, x.kind, x.key, x.decision, x.note, $3 FROM jsonb_to_recordset($2::jsonb) AS x(kind text, key text, decision text, note text)
         ON CONFLICT (stocktake_id, gap_kind, gap_key) DO UPDATE SET decision = EXCLUDED.decision, note = EXCLUDED.note, decided_by = EXCLUDED.decided_by, decided_at = now()`,
        [id, JSON.stringify(rows), actor.id],
      );
    });
    return this.get(actor, id);
  }

  /**
   * Closes the count. The stocktake rule set in force decides whether it may close (AST-STOCKTAKE-GAP
   * blocks while a missing card has no decision that settles it); then every snapshot card gets a
   * `counted` or `missing` entry on its history, and cards written off become MISSING — all in one
   * transaction with the stocktake locked, so no scan slips in between.
   */
  async close(actor: Actor, id: string): Promise<StocktakeDetail> {
    await this.dataSource.transaction(async (tx) => {
      const row = await this.manageable(tx, actor, id, 'FOR UPDATE');
      const today = this.clock.today();
      const definition = this.rules.inForce(STOCKTAKE_SET, today);
      const tally = await this.tally(tx, id, row.expected_count, closingDecisions(definition.data));
      const { findings } = await this.rules.evaluate(definition, { stocktake: { number: row.number, expected: row.expected_count, ...tally }, submittedOn: today });
      const blocking = findings.filter((f) => f.severity === 'block');
      if (blocking.length > 0) {
        throw new GapsUndecidedError(blocking.map((f) => f.message.zh).join('；'), blocking.map((f) => f.message.en).join('; '), findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message.zh, messageEn: f.message.en, ruleSet: `${definition.set}@${definition.version}` })));
      }
      const cards: { card_id: string; found: boolean; decision: string | null; note: string | null }[] = await tx.query(
        `SELECT si.card_id, EXISTS (SELECT 1 FROM stocktake_scan s WHERE s.stocktake_id = $1 AND s.card_id = si.card_id) AS found, d.decision, d.note
         FROM stocktake_item si LEFT JOIN stocktake_decision d ON d.stocktake_id = $1 AND d.gap_kind = 'missing' AND d.gap_key = si.card_id::text
         WHERE si.stocktake_id = $1 ORDER BY si.number`,
        [id],
      );
      const subject = { kind: 'stocktake', id };
      for (const card of cards) {
        const counted = card.found || card.decision === 'located';
        await this.assets.recordEvent(tx, card.card_id, {
          kind: counted ? 'counted' : 'missing',
          occurredOn: today,
          actorId: actor.id,
          subject,
          facts: counted ? { stocktake: row.number, ...(card.found ? {} : { located: true, note: card.note }) } : { stocktake: row.number, decision: card.decision, note: card.note },
        });
      }
      const writtenOff = cards.filter((c) => !c.found && c.decision === 'write-off').map((c) => c.card_id);
      if (writtenOff.length > 0) {
        await tx.query(`UPDATE asset_card SET status = 'MISSING', updated_at = now() WHERE id = ANY($1) AND status = ANY($2)`, [writtenOff, COUNTED_STATUSES]);
      }
      await tx.query(
        `UPDATE stocktake SET status = 'CLOSED', closed_by = $2, closed_on = $3, result = $4, rule_versions = $5, updated_at = now() WHERE id = $1`,
        [id, actor.id, today, JSON.stringify({ expected: row.expected_count, ...tally, writtenOff: writtenOff.length, findings }), JSON.stringify({ [STOCKTAKE_SET]: definition.version })],
      );
      this.logger.log(`stocktake ${row.number} closed by ${actor.username}: ${tally.found}/${row.expected_count} found, ${tally.missing} missing, ${tally.surplus} unrecorded, ${writtenOff.length} written off`);
    });
    return this.get(actor, id);
  }

  /** Every expected card with its state and decision, for the report. */
  async allItems(actor: Actor, id: string): Promise<{ stocktake: StocktakeDetail; items: StocktakeItemView[] }> {
    const stocktake = await this.get(actor, id);
    return { stocktake, items: await this.items(this.dataSource.manager, id, 'all', null) };
  }

  // --- reading -------------------------------------------------------------------------------

  private readableUnits(actor: Actor): string[] | null {
    const scope = assetScope(actor);
    const kept = managedUnits(actor);
    if (scope.all || kept === null) return null;
    return [...new Set([...scope.unitCodes, ...kept])];
  }

  private async readable(actor: Actor, id: string): Promise<StocktakeRow> {
    if (!isUuid(id)) throw new StocktakeNotFoundError(id);
    const [row] = await this.dataSource.query(`${STOCKTAKE_SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw new StocktakeNotFoundError(id);
    const units = this.readableUnits(actor);
    if (units !== null && !units.includes(row.unit_code)) throw new StocktakeForbiddenError(false);
    return row;
  }

  /** The stocktake locked in the caller's transaction, open, and run by the actor's unit. */
  private async manageable(tx: EntityManager, actor: Actor, id: string, lock: 'FOR SHARE' | 'FOR UPDATE'): Promise<StocktakeRow> {
    if (!isUuid(id)) throw new StocktakeNotFoundError(id);
    const [row] = await tx.query(`${STOCKTAKE_SELECT} WHERE s.id = $1 ${lock} OF s`, [id]);
    if (!row) throw new StocktakeNotFoundError(id);
    if (!canManageUnit(actor, row.unit_code)) throw new StocktakeForbiddenError(true);
    if (row.status !== 'OPEN') throw new StocktakeClosedError(row.number);
    return row;
  }

  private summary(row: StocktakeRow, tally: Tally): StocktakeSummary {
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      unit: { code: row.unit_code, name: row.unit_name },
      location: row.location,
      status: row.status,
      openedOn: row.opened_on,
      openedBy: row.opened_by_name,
      closedOn: row.closed_on,
      expected: row.expected_count,
      found: tally.found,
      missing: tally.missing,
      surplus: tally.surplus,
    };
  }

  /** Found counts distinct cards of the snapshot scanned, however often and by however many phones. */
  private async tally(manager: EntityManager, id: string, expected: number, settling?: string[]): Promise<Tally> {
    const [row] = await manager.query(
      `SELECT (SELECT count(DISTINCT card_id)::int FROM stocktake_scan WHERE stocktake_id = $1 AND in_snapshot) AS found,
              (SELECT count(*)::int FROM stocktake_scan WHERE stocktake_id = $1) AS scans,
              (SELECT count(DISTINCT code)::int FROM stocktake_scan WHERE stocktake_id = $1 AND NOT in_snapshot)
                + (SELECT count(*)::int FROM stocktake_extra WHERE stocktake_id = $1) AS surplus,
              (SELECT count(*)::int FROM stocktake_item si WHERE si.stocktake_id = $1
                 AND NOT EXISTS (SELECT 1 FROM stocktake_scan s WHERE s.stocktake_id = $1 AND s.card_id = si.card_id)
                 AND NOT EXISTS (SELECT 1 FROM stocktake_decision d WHERE d.stocktake_id = $1 AND d.gap_kind = 'missing' AND d.gap_key = si.card_id::text
                                 AND ($2::text[] IS NULL OR d.decision = ANY($2)))) AS undecided_missing,
              (SELECT count(*)::int FROM stocktake_decision d WHERE d.stocktake_id = $1 AND d.gap_kind = 'surplus') AS decided_surplus`,
      [id, settling ?? null],
    );
    return {
      found: row.found,
      missing: expected - row.found,
      surplus: row.surplus,
      scanCount: row.scans,
      undecidedMissing: row.undecided_missing,
      undecidedSurplus: Math.max(0, row.surplus - row.decided_surplus),
    };
  }

  private async items(manager: EntityManager, id: string, which: 'missing' | 'all', limit: number | null): Promise<StocktakeItemView[]> {
    const rows: Record<string, any>[] = await manager.query(
      `SELECT si.card_id, si.number, si.name, si.location, f.scanned_at, f.by_name,
              d.decision, d.note, dp.display_name AS decided_by, d.decided_at
       FROM stocktake_item si
       LEFT JOIN LATERAL (SELECT s.scanned_at, p.display_name AS by_name FROM stocktake_scan s JOIN app_user p ON p.id = s.scanned_by
                          WHERE s.stocktake_id = $1 AND s.card_id = si.card_id ORDER BY s.scanned_at LIMIT 1) f ON true
       LEFT JOIN stocktake_decision d ON d.stocktake_id = $1 AND d.gap_kind = 'missing' AND d.gap_key = si.card_id::text
       LEFT JOIN app_user dp ON dp.id = d.decided_by
       WHERE si.stocktake_id = $1 AND ($2 = 'all' OR f.scanned_at IS NULL)
       ORDER BY si.number ${limit ? `LIMIT ${Number(limit)}` : ''}`,
      [id, which],
    );
    return rows.map((r) => ({
      cardId: r.card_id,
      number: r.number,
      name: r.name,
      location: r.location,
      found: r.scanned_at !== null,
      firstScan: r.scanned_at ? { at: new Date(r.scanned_at).toISOString(), by: r.by_name } : null,
      decision: decisionView(r),
    }));
  }

  /** Labels scanned that are not in the snapshot (one entry per code), and items entered by hand. */
  private async surplus(manager: EntityManager, id: string): Promise<SurplusView[]> {
    const rows: Record<string, any>[] = await manager.query(
      `SELECT * FROM (
         SELECT 'scan' AS source, s.code AS key, s.code, count(*)::int AS scans, min(s.received_at) AS at,
                c.id AS card_id, c.name AS card_name, u.name AS card_unit, nullif(c.location, '') AS card_location, c.status AS card_status
         FROM stocktake_scan s LEFT JOIN asset_card c ON c.id = s.card_id LEFT JOIN org_unit u ON u.id = c.unit_id
         WHERE s.stocktake_id = $1 AND NOT s.in_snapshot
         GROUP BY s.code, c.id, c.name, u.name, c.location, c.status
         UNION ALL
         SELECT 'manual', e.id::text, NULL, 0, e.created_at, NULL, e.description, NULL, e.location, NULL FROM stocktake_extra e WHERE e.stocktake_id = $1
       ) g
       LEFT JOIN LATERAL (SELECT d.decision, d.note, dp.display_name AS decided_by, d.decided_at FROM stocktake_decision d JOIN app_user dp ON dp.id = d.decided_by
                          WHERE d.stocktake_id = $1 AND d.gap_kind = 'surplus' AND d.gap_key = g.key) d ON true
       ORDER BY g.at`,
      [id],
    );
    return rows.map((r) => ({
      key: r.key,
      source: r.source,
      code: r.code,
      description: r.card_name ?? '',
      card: r.card_id ? { id: r.card_id, unit: r.card_unit, location: r.card_location, status: r.card_status } : null,
      scans: r.scans,
      decision: decisionView(r),
    }));
  }

  private async recentScans(manager: EntityManager, id: string, limit: number): Promise<ScanView[]> {
    const rows: Record<string, any>[] = await manager.query(
      `SELECT s.id, s.code, s.in_snapshot, c.number, c.name, p.display_name AS by_name, s.scanned_at
       FROM stocktake_scan s LEFT JOIN asset_card c ON c.id = s.card_id JOIN app_user p ON p.id = s.scanned_by
       WHERE s.stocktake_id = $1 ORDER BY s.received_at DESC, s.scanned_at DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map((r) => ({ id: r.id, code: r.code, number: r.number, name: r.name, inSnapshot: r.in_snapshot, by: r.by_name, at: new Date(r.scanned_at).toISOString() }));
  }
}

function decisionView(r: Record<string, any>): DecisionView | null {
  return r.decision ? { decision: r.decision, note: r.note, decidedBy: r.decided_by, decidedAt: new Date(r.decided_at).toISOString() } : null;
}

/** The decisions the rule set's data table counts as settling a missing card. */
function closingDecisions(data: Record<string, unknown>): string[] {
  const table = (data.closingDecisions as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(table) ? table.map(String) : [];
}
