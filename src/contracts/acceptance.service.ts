import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessEventsService } from '../business-events/business-events.service';
import { Clock } from '../common/clock';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan } from '../common/money';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { CONTRACT_KIND } from './contract-access';
import { ContractRecords } from './contract-records';
import { CONTRACT_SET } from './contract-screening.service';
import { ContractForbiddenError, ContractNotSignedError } from './contracts.errors';
import { ContractsService } from './contracts.service';
import type { AcceptanceDto } from './dto/contract.dto';

/** The attachment category of the acceptance report (验收报告) on the contract. */
export const ACCEPTANCE_REPORT_CATEGORY = 'acceptance-report';

/** An item's value per unit at or above which it is a fixed asset (行政单位财务规则; data in the contract rule set). */
export function isAssetItem(unitPriceFen: number, specialEquipment: boolean, thresholds: { general: number; specialEquipment: number }): boolean {
  return unitPriceFen >= (specialEquipment ? thresholds.specialEquipment : thresholds.general);
}

/** quantity × unit price in fen, with the quantity's two decimals kept exact. */
export function lineAmountFen(quantity: number, unitPriceFen: number): number {
  return Math.round((Math.round(quantity * 100) * unitPriceFen) / 100);
}

export interface AcceptanceView {
  id: string;
  deliveredOn: string;
  acceptedOn: string;
  acceptedBy: string;
  note: string;
  imported: boolean;
  lines: { itemId: string; name: string; quantity: number; unitPrice: string; amount: string; forAssetCard: boolean }[];
}

/**
 * 验收: who accepted what was delivered against the contract's items, and when, with the report
 * attached to the contract. Items at or above the asset threshold are marked for asset cards and
 * published as one `asset-accepted` event per acceptance, which the assets feature cards from.
 */
@Injectable()
export class AcceptanceService {
  private readonly logger = new Logger(AcceptanceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly contracts: ContractsService,
    private readonly records: ContractRecords,
    private readonly rules: RulesService,
    private readonly events: BusinessEventsService,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, contractId: string, dto: AcceptanceDto): Promise<AcceptanceView> {
    const contract = await this.contracts.readable(actor, contractId);
    if (contract.submitterId !== actor.id && !actor.groups.includes('procurement') && !actor.groups.includes(`unit-head:${contract.unitCode}`)) throw new ContractForbiddenError();
    if (contract.status !== 'SIGNED') throw new ContractNotSignedError(contract.status);
    const errors: FieldError[] = [];
    const bad = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });
    const today = this.clock.today();
    if (dto.acceptedOn < dto.deliveredOn) bad('acceptedOn', '验收日期不能早于交付日期', 'acceptance must not be before delivery');
    if (dto.acceptedOn > today) bad('acceptedOn', '验收日期不能晚于今天', 'the acceptance day must not be in the future');
    if (contract.signedOn && dto.deliveredOn < contract.signedOn) bad('deliveredOn', '交付日期不能早于合同签订日期', 'delivery must not be before signing');
    const [report] = await this.dataSource.query(`SELECT 1 FROM attachment WHERE id = $1 AND subject_kind = $2 AND subject_id = $3 AND category = $4`, [dto.reportAttachmentId, CONTRACT_KIND, contractId, ACCEPTANCE_REPORT_CATEGORY]);
    if (!report) bad('reportAttachmentId', '请先在合同附件中上传验收报告（类别“验收报告”）', 'attach the acceptance report to the contract first (category acceptance-report)');
    const items = new Map((await this.records.items(contractId)).map((item) => [item.id, item]));
    const seen = new Set<string>();
    for (const [i, line] of dto.lines.entries()) {
      const item = items.get(line.itemId);
      if (!item) bad(`lines[${i}].itemId`, '该标的不属于本合同', 'the item is not of this contract');
      else if (line.quantity > item.quantity) bad(`lines[${i}].quantity`, `验收数量超过合同数量 ${item.quantity}`, `more than the ${item.quantity} contracted`);
      if (seen.has(line.itemId)) bad(`lines[${i}].itemId`, '同一标的重复验收', 'the item is listed twice');
      seen.add(line.itemId);
    }
    if (errors.length > 0) throw new RequestValidationError(errors);

    const thresholds = this.rules.inForce(CONTRACT_SET, dto.acceptedOn).data.assetThresholdFen as { general: number; specialEquipment: number };
    const id = await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO acceptance (contract_id, delivered_on, accepted_on, accepted_by, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [contractId, dto.deliveredOn, dto.acceptedOn, dto.acceptedBy.trim(), dto.note?.trim() ?? '', actor.id],
      );
      const assetLines = [];
      for (const line of dto.lines) {
        const item = items.get(line.itemId)!;
        const forAssetCard = isAssetItem(item.unitPriceFen, item.specialEquipment, thresholds);
        await tx.query(`INSERT INTO acceptance_line (acceptance_id, contract_id, item_id, quantity, unit_price_fen, for_asset_card) VALUES ($1, $2, $3, $4, $5, $6)`, [row.id, contractId, item.id, line.quantity, item.unitPriceFen, forAssetCard]);
        if (forAssetCard) assetLines.push({ amountFen: lineAmountFen(line.quantity, item.unitPriceFen), unit: contract.unitCode, economicCode: contract.lineSubject, fund: contract.lineFund, ...(contract.lineName ? { project: contract.lineName } : {}), supplier: contract.supplierCreditCode, summary: `${item.name} × ${line.quantity}` });
      }
      // The contract's delivery and acceptance days are the first delivery and the latest acceptance.
      await tx.query(`UPDATE contract SET delivered_on = least(coalesce(delivered_on, $2), $2), accepted_on = greatest(coalesce(accepted_on, $3), $3), updated_at = now() WHERE id = $1`, [contractId, dto.deliveredOn, dto.acceptedOn]);
      if (assetLines.length > 0) {
        await this.events.publish(tx, { kind: 'asset-accepted', source: { kind: 'acceptance', id: row.id }, occurredOn: dto.acceptedOn, summary: `验收 ${contract.number} ${contract.supplierName}：${assetLines.length} 项资产待建卡`, lines: assetLines, facts: { contract: contract.number, contractId } }, actor.username);
      }
      return row.id as string;
    });
    this.logger.log(`acceptance ${id} of contract ${contract.number} by ${actor.username}`);
    return (await this.list(contractId)).find((a) => a.id === id)!;
  }

  async ofContract(actor: Actor, contractId: string): Promise<AcceptanceView[]> {
    await this.contracts.assertVisible(actor, contractId);
    return this.list(contractId);
  }

  private async list(contractId: string): Promise<AcceptanceView[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT a.id, a.delivered_on, a.accepted_on, a.accepted_by, a.note, a.imported,
              coalesce(json_agg(json_build_object('itemId', l.item_id, 'name', i.name, 'quantity', l.quantity, 'unitPriceFen', l.unit_price_fen, 'forAssetCard', l.for_asset_card) ORDER BY i.position) FILTER (WHERE l.item_id IS NOT NULL), '[]') AS lines
       FROM acceptance a LEFT JOIN acceptance_line l ON l.acceptance_id = a.id LEFT JOIN contract_item i ON i.id = l.item_id
       WHERE a.contract_id = $1 GROUP BY a.id ORDER BY a.accepted_on, a.created_at`,
      [contractId],
    );
    return rows.map((r) => ({
      id: r.id,
      deliveredOn: r.delivered_on,
      acceptedOn: r.accepted_on,
      acceptedBy: r.accepted_by,
      note: r.note,
      imported: r.imported,
      lines: (r.lines as { itemId: string; name: string; quantity: string; unitPriceFen: number; forAssetCard: boolean }[]).map((l) => ({
        itemId: l.itemId,
        name: l.name,
        quantity: Number(l.quantity),
        unitPrice: fenToYuan(Number(l.unitPriceFen)),
        amount: fenToYuan(lineAmountFen(Number(l.quantity), Number(l.unitPriceFen))),
        forAssetCard: l.forAssetCard,
      })),
    }));
  }
}
