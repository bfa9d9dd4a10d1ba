import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { AssetsService, AssetCardRow } from '../assets/assets.service';
import { AssetForbiddenError, AssetNotFoundError } from '../assets/assets.errors';
import type { Actor } from '../org/org.service';
import { DISPOSAL_KIND, TRANSFER_KIND } from './asset-flow.views';

export type FlowKind = typeof TRANSFER_KIND | typeof DISPOSAL_KIND;

/** Statuses a card may leave for a transfer or a disposal: in stock, in use, in repair. */
const MOVABLE = ['IN_STOCK', 'IN_USE', 'IN_REPAIR'];

export interface OpenedCard extends AssetCardRow {
  name: string;
}

/**
 * The cards of a transfer or a disposal: locked, checked and taken into the flow in the filing's
 * transaction (one open flow per card, which the database's partial unique index enforces against a
 * concurrent filing), and released at its end.
 */
@Injectable()
export class AssetFlowCards {
  constructor(private readonly assets: AssetsService) {}

  /**
   * Locks the cards in a fixed order (two filings never wait on each other in a circle), checks each
   * and, when all are fit, marks them with `status` and records them on the flow. Every bad card is
   * named by its index in `cardIds`; nothing is written unless all are fit.
   */
  async take(tx: EntityManager, actor: Actor, kind: FlowKind, flowId: string, cardIds: string[], status: 'TRANSFERRING' | 'DISPOSING'): Promise<OpenedCard[]> {
    const errors: FieldError[] = [];
    const bad = (i: number, zh: string, en: string) => errors.push({ field: `cardIds[${i}]`, message: bilingual(zh, en) });
    const order = cardIds.map((id, i) => ({ id, i })).sort((a, b) => a.id.localeCompare(b.id));
    const cards = new Map<number, AssetCardRow>();
    const seen = new Set<string>();
    for (const { id, i } of order) {
      if (seen.has(id)) {
        bad(i, '同一资产选择了两次', 'the same card is chosen twice');
        continue;
      }
      seen.add(id);
      try {
        cards.set(i, await this.assets.lockForChange(tx, actor, id));
      } catch (error) {
        if (error instanceof AssetNotFoundError) bad(i, '资产卡片不存在', 'no such asset card');
        else if (error instanceof AssetForbiddenError) bad(i, '该资产不属于您管理的单位', 'the card is not of a unit whose assets you keep');
        else throw error;
      }
    }
    const units = new Set([...cards.values()].map((c) => c.unitCode));
    const firstUnit = cards.get(Math.min(...cards.keys()))?.unitCode;
    for (const [i, card] of cards) {
      if (card.status === 'DISPOSED') bad(i, `资产 ${card.number} 已处置`, `card ${card.number} is disposed`);
      else if (card.status === 'TRANSFERRING' || card.status === 'DISPOSING') bad(i, `资产 ${card.number} 已在调拨或处置中`, `card ${card.number} is already in a transfer or disposal`);
      else if (!MOVABLE.includes(card.status)) bad(i, `资产 ${card.number} 当前状态（${card.status}）不能办理`, `card ${card.number} cannot be moved in status ${card.status}`);
      if (units.size > 1 && card.unitCode !== firstUnit) bad(i, `资产 ${card.number} 属于另一单位：一张单据只办理一个单位的资产`, `card ${card.number} is of another unit: one filing moves one unit's cards`);
    }
    if (errors.length > 0) throw new RequestValidationError(errors);
    const taken = cardIds.map((_, i) => cards.get(i)!);
    try {
      await tx.query(
        `INSERT INTO asset_flow_card (flow_kind, flow_id, card_id, position, previous_status, cost_fen, depreciated_fen)
         SELECT $1, $2, x.card_id, x.position, x.previous_status, x.cost_fen, x.depreciated_fen
         FROM jsonb_to_recordset($3::jsonb) AS x(card_id uuid, position int, previous_status text, cost_fen bigint, depreciated_fen bigint)`,
        [kind, flowId, JSON.stringify(taken.map((c, position) => ({ card_id: c.id, position, previous_status: c.status, cost_fen: c.originalValueFen, depreciated_fen: c.depreciatedFen })))],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new RequestValidationError([{ field: 'cardIds', message: bilingual('所选资产刚被放入另一调拨或处置单，请刷新后重试', 'a chosen card was just put into another transfer or disposal; refresh and try again') }]);
      throw error;
    }
    await tx.query(`UPDATE asset_card SET status = $2, updated_at = now() WHERE id = ANY($1)`, [taken.map((c) => c.id), status]);
    const names: { id: string; name: string }[] = await tx.query(`SELECT id, name FROM asset_card WHERE id = ANY($1)`, [taken.map((c) => c.id)]);
    return taken.map((c) => ({ ...c, name: names.find((n) => n.id === c.id)?.name ?? '' }));
  }

  /** The flow's open cards, locked, in filing order, with their status before the flow. */
  async lockOpen(tx: EntityManager, kind: FlowKind, flowId: string): Promise<{ cardId: string; number: string; name: string; previousStatus: string; unitCode: string; classCode: string; keeperId: string | null; holderId: string | null; costFen: number; depreciatedFen: number }[]> {
    const rows: Record<string, any>[] = await tx.query(
      `SELECT f.card_id, c.number, c.name, f.previous_status, u.code AS unit_code, c.class_code, c.keeper_id, c.holder_id, c.original_value_fen, c.depreciated_fen
       FROM asset_flow_card f JOIN asset_card c ON c.id = f.card_id JOIN org_unit u ON u.id = c.unit_id
       WHERE f.flow_kind = $1 AND f.flow_id = $2 AND f.open ORDER BY f.card_id FOR UPDATE OF c, f`,
      [kind, flowId],
    );
    return rows
      .map((r) => ({ cardId: r.card_id, number: r.number, name: r.name, previousStatus: r.previous_status, unitCode: r.unit_code, classCode: r.class_code, keeperId: r.keeper_id, holderId: r.holder_id, costFen: Number(r.original_value_fen), depreciatedFen: Number(r.depreciated_fen) }))
      .sort((a, b) => a.number.localeCompare(b.number));
  }

  /** Ends the flow's hold on its cards. */
  async release(tx: EntityManager, kind: FlowKind, flowId: string): Promise<void> {
    await tx.query(`UPDATE asset_flow_card SET open = false WHERE flow_kind = $1 AND flow_id = $2 AND open`, [kind, flowId]);
  }

  /** Rejected or never started: each card back to the status it had before the flow. */
  async restore(tx: EntityManager, kind: FlowKind, flowId: string): Promise<void> {
    await tx.query(
      `UPDATE asset_card c SET status = f.previous_status, updated_at = now() FROM asset_flow_card f
       WHERE f.flow_kind = $1 AND f.flow_id = $2 AND f.open AND c.id = f.card_id`,
      [kind, flowId],
    );
  }

  recordEvent: AssetsService['recordEvent'] = (manager, cardId, event) => this.assets.recordEvent(manager, cardId, event);
}
