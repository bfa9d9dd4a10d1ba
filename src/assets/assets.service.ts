import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import type { Actor } from '../org/org.service';
import { assetScope, canManageUnit, isAssetKeeper, managedUnits, mayReadAsset } from './asset-access';
import { AssetClassCatalogueService } from './asset-class-catalogue';
import { classAndDescendants } from './asset-classes';
import { AssetCardView, AssetEventView, AssetPage, AssetSource, AssetStatus, PendingAssetLine } from './asset.views';
import { AcceptanceLineNotFoundError, AlreadyCardedError, AssetForbiddenError, AssetNotFoundError } from './assets.errors';
import type { CardFromAcceptanceDto } from './dto/asset.dto';

/** A card to create; money in fen. */
export interface NewCard {
  classCode: string;
  name: string;
  model?: string;
  originalValueFen: number;
  source: AssetSource;
  contractId?: string | null;
  acceptanceId?: string | null;
  contractItemId?: string | null;
  acceptanceSeq?: number | null;
  acceptedOn: string;
  unitId: string;
  keeperId?: string | null;
  holderId?: string | null;
  location?: string;
  usefulLifeMonths: number | null;
  status?: AssetStatus;
}

/** An entry of a card's history. */
export interface NewAssetEvent {
  kind: string;
  occurredOn: string;
  actorId: string | null;
  subject?: { kind: string; id: string };
  facts?: Record<string, unknown>;
}

export interface AssetFilter {
  unit?: string;
  classCode?: string;
  status?: AssetStatus;
  keeperId?: string;
  holderId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** The columns of a card as the row lock and views read them. */
export interface AssetCardRow {
  id: string;
  number: string;
  unitId: string;
  unitCode: string;
  holderId: string | null;
  keeperId: string | null;
  status: AssetStatus;
  originalValueFen: number;
  depreciatedFen: number;
  acceptedOn: string;
  usefulLifeMonths: number | null;
  classCode: string;
}

const CARD_SELECT = `
  SELECT c.id, c.number, c.class_code, c.name, c.model, c.original_value_fen, c.source, c.contract_id, k.number AS contract_number,
         c.acceptance_id, to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on, u.code AS unit_code, u.name AS unit_name,
         c.keeper_id, kp.display_name AS keeper_name, c.holder_id, hp.display_name AS holder_name, c.location,
         c.useful_life_months, c.depreciated_fen, c.depreciated_through, c.status
  FROM asset_card c
  JOIN org_unit u ON u.id = c.unit_id
  LEFT JOIN contract k ON k.id = c.contract_id
  LEFT JOIN app_user kp ON kp.id = c.keeper_id
  LEFT JOIN app_user hp ON hp.id = c.holder_id`;

/**
 * Asset cards (资产卡片): who sees which, the cards accepted contract items are waiting for, and the
 * one way cards are created and their history written, which carding, opening-balance import and
 * stocktake surpluses all go through.
 */
@Injectable()
export class AssetsService {
  private readonly logger = new Logger(AssetsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly classes: AssetClassCatalogueService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, filter: AssetFilter = {}): Promise<AssetPage<AssetCardView>> {
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, filter.pageSize ?? 50));
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const scope = assetScope(actor);
    if (!scope.all) where.push(`(u.code = ANY(${param(scope.unitCodes)}) OR c.holder_id = ${param(actor.id)})`);
    if (filter.unit) where.push(`u.code = ${param(filter.unit)}`);
    if (filter.classCode) where.push(`c.class_code = ANY(${param(classAndDescendants(this.classes.classes, filter.classCode))})`);
    if (filter.status) where.push(`c.status = ${param(filter.status)}`);
    if (filter.keeperId) where.push(`c.keeper_id = ${param(filter.keeperId)}`);
    if (filter.holderId) where.push(`c.holder_id = ${param(filter.holderId)}`);
    if (filter.q?.trim()) {
      const like = param(`%${filter.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      where.push(`(c.number ILIKE ${like} OR c.name ILIKE ${like} OR c.model ILIKE ${like} OR c.location ILIKE ${like})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM asset_card c JOIN org_unit u ON u.id = c.unit_id ${clause}`, params);
    const rows = await this.dataSource.query(`${CARD_SELECT} ${clause} ORDER BY c.number DESC LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`, params);
    return { items: rows.map((r: Record<string, any>) => this.toView(r)), total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<AssetCardView> {
    if (!isUuid(id)) throw new AssetNotFoundError(id);
    const [row] = await this.dataSource.query(`${CARD_SELECT} WHERE c.id = $1`, [id]);
    if (!row) throw new AssetNotFoundError(id);
    if (!mayReadAsset(actor, { unitCode: row.unit_code, holderId: row.holder_id })) throw new AssetForbiddenError();
    return this.toView(row);
  }

  /** What the register's filters offer the actor: the units and keepers of the cards they may see. */
  async filters(actor: Actor): Promise<{ units: { code: string; name: string }[]; keepers: { id: string; name: string }[] }> {
    const scope = assetScope(actor);
    const units: Record<string, any>[] = await this.dataSource.query(`SELECT code, name FROM org_unit WHERE $1 OR code = ANY($2::text[]) ORDER BY name`, [scope.all, scope.unitCodes]);
    const keepers: Record<string, any>[] = await this.dataSource.query(
      `SELECT DISTINCT p.id, p.display_name FROM asset_card c JOIN org_unit u ON u.id = c.unit_id JOIN app_user p ON p.id = c.keeper_id
       WHERE $1 OR u.code = ANY($2::text[]) ORDER BY p.display_name LIMIT 500`,
      [scope.all, scope.unitCodes],
    );
    return { units: units.map((u) => ({ code: u.code, name: u.name })), keepers: keepers.map((k) => ({ id: k.id, name: k.display_name })) };
  }

  /** A card by its number, as a scanned label gives it. */
  async byNumber(actor: Actor, number: string): Promise<AssetCardView> {
    const [row] = await this.dataSource.query(`SELECT id FROM asset_card WHERE number = $1`, [number.trim()]);
    if (!row) throw new AssetNotFoundError(number);
    return this.get(actor, row.id);
  }

  async history(actor: Actor, id: string): Promise<AssetEventView[]> {
    await this.get(actor, id);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT e.id, e.kind, to_char(e.occurred_on, 'YYYY-MM-DD') AS occurred_on, e.actor_id, p.display_name AS actor_name, e.subject_kind, e.subject_id, e.facts, e.created_at
       FROM asset_event e LEFT JOIN app_user p ON p.id = e.actor_id WHERE e.card_id = $1 ORDER BY e.id`,
      [id],
    );
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      occurredOn: r.occurred_on,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name } : null,
      subject: r.subject_kind ? { kind: r.subject_kind, id: r.subject_id } : null,
      facts: r.facts,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** Accepted contract items marked for asset cards that still have units without a card. */
  async pendingFromAcceptance(actor: Actor): Promise<PendingAssetLine[]> {
    const units = managedUnits(actor);
    const scope = assetScope(actor);
    const visibleUnits = units === null || scope.all ? null : [...new Set([...units, ...scope.unitCodes])];
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT l.acceptance_id, l.item_id, l.contract_id, c.number AS contract_number, u.code AS unit_code, u.name AS unit_name,
              i.name, i.category, i.special_equipment, l.unit_price_fen, l.quantity, to_char(a.accepted_on, 'YYYY-MM-DD') AS accepted_on,
              (SELECT count(*)::int FROM asset_card k WHERE k.acceptance_id = l.acceptance_id AND k.contract_item_id = l.item_id) AS carded
       FROM acceptance_line l
       JOIN acceptance a ON a.id = l.acceptance_id
       JOIN contract c ON c.id = l.contract_id
       JOIN org_unit u ON u.id = c.unit_id
       JOIN contract_item i ON i.id = l.item_id
       WHERE l.for_asset_card AND ($1::text[] IS NULL OR u.code = ANY($1))
       ORDER BY a.accepted_on, c.number, i.position`,
      [visibleUnits],
    );
    return rows
      .map((r) => {
        const quantity = cardsFor(Number(r.quantity));
        return {
          acceptanceId: r.acceptance_id,
          itemId: r.item_id,
          contractId: r.contract_id,
          contractNumber: r.contract_number,
          unit: { code: r.unit_code, name: r.unit_name },
          name: r.name,
          catalogueCode: r.category || null,
          proposedClass: this.classes.proposeFor(r.category)?.code ?? null,
          specialEquipment: r.special_equipment,
          unitPrice: fenToYuan(Number(r.unit_price_fen)),
          quantity,
          carded: r.carded,
          uncarded: Math.max(0, quantity - r.carded),
          acceptedOn: r.accepted_on,
        };
      })
      .filter((line) => line.uncarded > 0);
  }

  /** Cards the units still uncarded of an accepted item, one per unit of quantity. */
  async cardFromAcceptance(actor: Actor, dto: CardFromAcceptanceDto): Promise<AssetCardView[]> {
    if (!isAssetKeeper(actor)) throw new AssetForbiddenError();
    const errors: FieldError[] = [];
    const klass = this.classes.find(dto.classCode);
    if (!klass) errors.push({ field: 'classCode', message: bilingual('资产分类代码不存在', 'classCode is not a known asset class') });
    if (dto.keeperId) {
      const [keeper] = await this.dataSource.query(`SELECT 1 FROM app_user WHERE id = $1`, [dto.keeperId]);
      if (!keeper) errors.push({ field: 'keeperId', message: bilingual('保管人不存在', 'keeperId is not a known person') });
    }
    if (errors.length > 0) throw new RequestValidationError(errors);

    const ids = await this.dataSource.transaction(async (tx) => {
      const [line] = await tx.query(
        `SELECT l.quantity, l.unit_price_fen, a.accepted_on::text AS accepted_on, c.id AS contract_id, c.unit_id, u.code AS unit_code, i.name
         FROM acceptance_line l JOIN acceptance a ON a.id = l.acceptance_id JOIN contract c ON c.id = l.contract_id
         JOIN org_unit u ON u.id = c.unit_id JOIN contract_item i ON i.id = l.item_id
         WHERE l.acceptance_id = $1 AND l.item_id = $2 AND l.for_asset_card FOR UPDATE OF l`,
        [dto.acceptanceId, dto.itemId],
      );
      if (!line) throw new AcceptanceLineNotFoundError();
      if (!canManageUnit(actor, line.unit_code)) throw new AssetForbiddenError();
      const [{ carded }] = await tx.query(`SELECT count(*)::int AS carded FROM asset_card WHERE acceptance_id = $1 AND contract_item_id = $2`, [dto.acceptanceId, dto.itemId]);
      const uncarded = cardsFor(Number(line.quantity)) - carded;
      const count = dto.count ?? uncarded;
      if (count < 1 || count > uncarded) throw new AlreadyCardedError(Math.max(0, uncarded), count);
      const cards: NewCard[] = Array.from({ length: count }, (_, i) => ({
        classCode: dto.classCode,
        name: line.name,
        model: dto.model?.trim() ?? '',
        originalValueFen: Number(line.unit_price_fen),
        source: 'acceptance',
        contractId: line.contract_id,
        acceptanceId: dto.acceptanceId,
        contractItemId: dto.itemId,
        acceptanceSeq: carded + i + 1,
        acceptedOn: line.accepted_on,
        unitId: line.unit_id,
        keeperId: dto.keeperId ?? null,
        location: dto.location?.trim() ?? '',
        usefulLifeMonths: this.classes.usefulLifeMonths(dto.classCode),
      }));
      return this.createCards(tx, cards, actor.id);
    });
    this.logger.log(`${ids.length} asset cards from acceptance ${dto.acceptanceId} by ${actor.username}`);
    const views = await this.dataSource.query(`${CARD_SELECT} WHERE c.id = ANY($1) ORDER BY c.number`, [ids]);
    return views.map((r: Record<string, any>) => this.toView(r));
  }

  /**
   * Creates the cards in one statement, numbered from the year's counter in the order given, each
   * with a `carded` entry in its history. Runs inside the caller's transaction.
   */
  async createCards(manager: EntityManager, cards: NewCard[], actorId: string | null): Promise<string[]> {
    if (cards.length === 0) return [];
    const year = Number(this.clock.today().slice(0, 4));
    const [{ last }] = await manager.query(
      `INSERT INTO asset_number_counter (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = asset_number_counter.last + EXCLUDED.last RETURNING last`,
      [year, cards.length],
    );
    const first = Number(last) - cards.length + 1;
    const rows = cards.map((card, i) => ({
      ord: i,
      number: assetNumber(year, first + i),
      class_code: card.classCode,
      name: card.name,
      model: card.model ?? '',
      original_value_fen: card.originalValueFen,
      source: card.source,
      contract_id: card.contractId ?? null,
      acceptance_id: card.acceptanceId ?? null,
      contract_item_id: card.contractItemId ?? null,
      acceptance_seq: card.acceptanceSeq ?? null,
      accepted_on: card.acceptedOn,
      unit_id: card.unitId,
      keeper_id: card.keeperId ?? null,
      holder_id: card.holderId ?? null,
      location: card.location ?? '',
      useful_life_months: card.usefulLifeMonths,
      status: card.status ?? (card.holderId ? 'IN_USE' : 'IN_STOCK'),
    }));
    const inserted: { id: string; ord: number }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, number text, class_code text, name text, model text, original_value_fen bigint, source text,
           contract_id uuid, acceptance_id uuid, contract_item_id uuid, acceptance_seq int, accepted_on date, unit_id uuid, keeper_id uuid, holder_id uuid,
           location text, useful_life_months int, status text)
       ), created AS (
         INSERT INTO asset_card (number, class_code, name, model, original_value_fen, source, contract_id, acceptance_id, contract_item_id, acceptance_seq,
           accepted_on, unit_id, keeper_id, holder_id, location, useful_life_months, status, created_by)
         SELECT number, class_code, name, model, original_value_fen, source, contract_id, acceptance_id, contract_item_id, acceptance_seq,
           accepted_on, unit_id, keeper_id, holder_id, location, useful_life_months, status, $2 FROM input ORDER BY ord
         RETURNING id, number
       )
       SELECT created.id, input.ord FROM created JOIN input USING (number) ORDER BY input.ord`,
      [JSON.stringify(rows), actorId],
    );
    await manager.query(
      `INSERT INTO asset_event (card_id, kind, occurred_on, actor_id, facts)
       SELECT c.id, 'carded', $2::date, $3, jsonb_build_object('source', c.source, 'originalValueFen', c.original_value_fen, 'acceptanceId', c.acceptance_id)
       FROM asset_card c WHERE c.id = ANY($1) ORDER BY c.number`,
      [inserted.map((r) => r.id), this.clock.today(), actorId],
    );
    return inserted.map((r) => r.id);
  }

  async recordEvent(manager: EntityManager, cardId: string, event: NewAssetEvent): Promise<void> {
    await manager.query(
      `INSERT INTO asset_event (card_id, kind, occurred_on, actor_id, subject_kind, subject_id, facts) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [cardId, event.kind, event.occurredOn, event.actorId, event.subject?.kind ?? null, event.subject?.id ?? null, JSON.stringify(event.facts ?? {})],
    );
  }

  /** The card locked for a change in the caller's transaction, after checking the actor keeps its unit. */
  async lockForChange(manager: EntityManager, actor: Actor, id: string): Promise<AssetCardRow> {
    if (!isUuid(id)) throw new AssetNotFoundError(id);
    const [row] = await manager.query(
      `SELECT c.id, c.number, c.unit_id, u.code AS unit_code, c.holder_id, c.keeper_id, c.status, c.original_value_fen, c.depreciated_fen,
              c.accepted_on::text AS accepted_on, c.useful_life_months, c.class_code
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = $1 FOR UPDATE OF c`,
      [id],
    );
    if (!row) throw new AssetNotFoundError(id);
    if (!canManageUnit(actor, row.unit_code)) throw new AssetForbiddenError();
    return {
      id: row.id,
      number: row.number,
      unitId: row.unit_id,
      unitCode: row.unit_code,
      holderId: row.holder_id,
      keeperId: row.keeper_id,
      status: row.status,
      originalValueFen: Number(row.original_value_fen),
      depreciatedFen: Number(row.depreciated_fen),
      acceptedOn: row.accepted_on,
      usefulLifeMonths: row.useful_life_months,
      classCode: row.class_code,
    };
  }

  private toView(r: Record<string, any>): AssetCardView {
    const original = Number(r.original_value_fen);
    const depreciated = Number(r.depreciated_fen);
    return {
      id: r.id,
      number: r.number,
      classCode: r.class_code,
      className: this.classes.find(r.class_code)?.name ?? r.class_code,
      name: r.name,
      model: r.model,
      originalValue: fenToYuan(original),
      source: r.source,
      contractId: r.contract_id,
      contractNumber: r.contract_number ?? null,
      acceptanceId: r.acceptance_id,
      acceptedOn: r.accepted_on,
      unit: { code: r.unit_code, name: r.unit_name },
      keeper: r.keeper_id ? { id: r.keeper_id, name: r.keeper_name } : null,
      holder: r.holder_id ? { id: r.holder_id, name: r.holder_name } : null,
      location: r.location,
      usefulLifeMonths: r.useful_life_months,
      depreciated: fenToYuan(depreciated),
      netValue: fenToYuan(original - depreciated),
      depreciatedThrough: r.depreciated_through,
      status: r.status,
    };
  }
}

/** One card per whole unit of quantity (a fractional remainder is not an asset on its own). */
function cardsFor(quantity: number): number {
  return Math.floor(quantity + 1e-9);
}

/** `ZC2026-000123`: the year the card was made and its place in that year's sequence. */
export function assetNumber(year: number, seq: number): string {
  return `ZC${year}-${String(seq).padStart(6, '0')}`;
}
