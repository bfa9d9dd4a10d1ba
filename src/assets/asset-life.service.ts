import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { canManageUnit } from './asset-access';
import type { AssetCardView } from './asset.views';
import { AssetForbiddenError, AssetNotInStockError, AssetNotIssuedError, AssetNotRepairableError, NoOpenRepairError } from './assets.errors';
import { AssetCardRow, AssetsService } from './assets.service';
import type { FinishRepairDto, IssueAssetDto, ReturnAssetDto, StartRepairDto } from './dto/asset-life.dto';

export const ASSET_KIND = 'asset';

/** Statuses a card may go to repair from. */
const REPAIRABLE = ['IN_STOCK', 'IN_USE'];

/**
 * An asset's life on its card: 领用 (issued to a person), 交回 (back to stock), 维修 (start and finish,
 * with the cost and the repairer's note). Each is done by the keeper of the card's unit, in one
 * transaction with the card locked, and written as an entry of the card's history with the card's
 * attachments it names.
 */
@Injectable()
export class AssetLifeService {
  private readonly logger = new Logger(AssetLifeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetsService,
    private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, id: string, dto: IssueAssetDto): Promise<AssetCardView> {
    await this.change(actor, id, dto, async (tx, card, day, errors) => {
      const [holder] = await tx.query(`SELECT u.id, u.display_name, u.active, u.unit_id FROM app_user u WHERE u.id = $1`, [dto.holderId]);
      if (!holder || !holder.active) errors.push({ field: 'holderId', message: bilingual('领用人不存在或已停用', 'holderId is not an active person') });
      else if (holder.unit_id !== card.unitId) errors.push({ field: 'holderId', message: bilingual('领用人须为资产所属单位的人员（跨单位使用请先调拨）', 'the holder must be of the asset\'s unit (transfer it first)') });
      if (errors.length > 0) return null;
      if (card.status !== 'IN_STOCK') throw new AssetNotInStockError(card.number, card.status);
      const location = dto.location?.trim();
      await tx.query(`UPDATE asset_card SET holder_id = $2, status = 'IN_USE', location = coalesce($3, location), updated_at = now() WHERE id = $1 AND status = 'IN_STOCK'`, [id, holder.id, location ?? null]);
      return { kind: 'issued', occurredOn: day, facts: { holderId: holder.id, holderName: holder.display_name, ...(location ? { location } : {}) } };
    });
    return this.assets.get(actor, id);
  }

  async giveBack(actor: Actor, id: string, dto: ReturnAssetDto): Promise<AssetCardView> {
    await this.change(actor, id, dto, async (tx, card, day, errors) => {
      if (errors.length > 0) return null;
      if (card.status !== 'IN_USE' || !card.holderId) throw new AssetNotIssuedError(card.number, card.status);
      const [holder] = await tx.query(`SELECT display_name FROM app_user WHERE id = $1`, [card.holderId]);
      const location = dto.location?.trim();
      await tx.query(`UPDATE asset_card SET holder_id = NULL, status = 'IN_STOCK', location = coalesce($2, location), updated_at = now() WHERE id = $1`, [id, location ?? null]);
      return { kind: 'returned', occurredOn: day, facts: { holderId: card.holderId, holderName: holder?.display_name ?? '', ...(location ? { location } : {}) } };
    });
    return this.assets.get(actor, id);
  }

  async startRepair(actor: Actor, id: string, dto: StartRepairDto): Promise<AssetCardView> {
    await this.change(actor, id, dto, async (tx, card, day, errors) => {
      if (errors.length > 0) return null;
      if (!REPAIRABLE.includes(card.status)) throw new AssetNotRepairableError(card.number, card.status);
      const [repair] = await tx.query(`INSERT INTO asset_repair (card_id, started_on, reason, vendor, started_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [id, day, dto.reason.trim(), dto.vendor.trim(), actor.id]);
      await tx.query(`UPDATE asset_card SET status = 'IN_REPAIR', updated_at = now() WHERE id = $1`, [id]);
      return { kind: 'repair-started', occurredOn: day, facts: { repairId: repair.id, reason: dto.reason.trim(), vendor: dto.vendor.trim() } };
    });
    return this.assets.get(actor, id);
  }

  async finishRepair(actor: Actor, id: string, dto: FinishRepairDto): Promise<AssetCardView> {
    await this.change(actor, id, dto, async (tx, card, day, errors) => {
      const [repair] = await tx.query(`SELECT id, started_on::text AS started_on, vendor FROM asset_repair WHERE card_id = $1 AND finished_on IS NULL`, [id]);
      if (repair && day < repair.started_on) errors.push({ field: 'occurredOn', message: bilingual(`修复日期不能早于送修日期 ${repair.started_on}`, `the repair cannot end before it started on ${repair.started_on}`) });
      if (errors.length > 0) return null;
      if (!repair || card.status !== 'IN_REPAIR') throw new NoOpenRepairError(card.number);
      const costFen = yuanToFen(dto.cost);
      await tx.query(`UPDATE asset_repair SET finished_on = $2, cost_fen = $3, vendor_note = $4, finished_by = $5 WHERE id = $1`, [repair.id, day, costFen, dto.vendorNote?.trim() ?? '', actor.id]);
      await tx.query(`UPDATE asset_card SET status = CASE WHEN holder_id IS NULL THEN 'IN_STOCK' ELSE 'IN_USE' END, updated_at = now() WHERE id = $1`, [id]);
      return { kind: 'repair-finished', occurredOn: day, facts: { repairId: repair.id, vendor: repair.vendor, costFen, cost: fenToYuan(costFen), vendorNote: dto.vendorNote?.trim() ?? '' } };
    });
    return this.assets.get(actor, id);
  }

  /** People of a unit a keeper may issue its assets to. */
  async people(actor: Actor, unitCode: string): Promise<{ id: string; name: string; username: string }[]> {
    if (!canManageUnit(actor, unitCode)) throw new AssetForbiddenError();
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT u.id, u.display_name, u.username FROM app_user u JOIN org_unit o ON o.id = u.unit_id WHERE o.code = $1 AND u.active ORDER BY u.display_name`,
      [unitCode],
    );
    return rows.map((r) => ({ id: r.id, name: r.display_name, username: r.username }));
  }

  /**
   * One change of a card: the card locked (its unit's keeper only), the day and the attachments
   * checked, then `apply` (which adds its own field errors or refuses by the card's status) and the
   * history entry, all in one transaction.
   */
  private async change(
    actor: Actor,
    id: string,
    dto: { occurredOn?: string; note?: string; attachmentIds?: string[] },
    apply: (tx: EntityManager, card: AssetCardRow, day: string, errors: FieldError[]) => Promise<{ kind: string; occurredOn: string; facts: Record<string, unknown> } | null>,
  ): Promise<void> {
    const event = await this.dataSource.transaction(async (tx) => {
      const card = await this.assets.lockForChange(tx, actor, id);
      const errors: FieldError[] = [];
      const today = this.clock.today();
      const day = dto.occurredOn ?? today;
      if (day > today) errors.push({ field: 'occurredOn', message: bilingual('日期不能晚于今天', 'occurredOn must not be in the future') });
      if (day < card.acceptedOn) errors.push({ field: 'occurredOn', message: bilingual(`日期不能早于资产验收日期 ${card.acceptedOn}`, `occurredOn must not be before the asset was accepted on ${card.acceptedOn}`) });
      const attachmentIds = [...new Set(dto.attachmentIds ?? [])];
      if (attachmentIds.length > 0) {
        const found: { id: string }[] = await tx.query(`SELECT id FROM attachment WHERE id = ANY($1::uuid[]) AND subject_kind = $2 AND subject_id = $3`, [attachmentIds, ASSET_KIND, id]);
        if (found.length !== attachmentIds.length) errors.push({ field: 'attachmentIds', message: bilingual('附件须先上传到该资产卡片', 'attachments must be uploaded to this asset card first') });
      }
      const applied = await apply(tx, card, day, errors);
      if (errors.length > 0 || !applied) throw new RequestValidationError(errors);
      const facts = { ...applied.facts, ...(dto.note?.trim() ? { note: dto.note.trim() } : {}), ...(attachmentIds.length ? { attachmentIds } : {}) };
      await this.assets.recordEvent(tx, id, { kind: applied.kind, occurredOn: applied.occurredOn, actorId: actor.id, facts });
      return `${applied.kind} of ${card.number}`;
    });
    this.logger.log(`${event} by ${actor.username}`);
  }
}
