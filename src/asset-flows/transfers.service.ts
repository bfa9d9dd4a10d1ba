import { Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assetScope } from '../assets/asset-access';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { ProcessProgress, ProcessProgressService } from '../claims/process-progress.service';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { fenToYuan } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { loopStartVariables } from '../subjects/approval-loop';
import { AssetFlowCards } from './asset-flow-cards';
import { AssetFlowRecords, TransferRow } from './asset-flow-records';
import { transferChain } from './asset-flow-routing';
import { FlowListItem, TRANSFER_KIND, TransferView } from './asset-flow.views';
import { AssetFlowForbiddenError, AssetTransferNotFoundError } from './asset-flows.errors';
import type { CreateTransferDto } from './dto/asset-flow.dto';

export const TRANSFER_PROCESS = 'asset-transfer';

/**
 * 调拨: an asset-keeper moves cards of one unit to another. Filing takes the cards (TRANSFERRING) and
 * starts the flow on the chain of both heads; the flow's end moves them (keeper and holder cleared,
 * in stock at the receiving unit) or gives them back their status, each card with an event naming
 * the transfer.
 */
@Injectable()
export class TransfersService {
  private readonly logger = new Logger(TransfersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: AssetFlowRecords,
    private readonly cards: AssetFlowCards,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly clock: Clock,
    private readonly processProgress: ProcessProgressService,
  ) {}

  async submit(actor: Actor, dto: CreateTransferDto): Promise<TransferView> {
    const [toUnit] = await this.dataSource.query(`SELECT id, code FROM org_unit WHERE code = $1`, [dto.toUnit]);
    if (!toUnit) throw new RequestValidationError([{ field: 'toUnit', message: bilingual(`调入单位“${dto.toUnit}”不存在`, `unit "${dto.toUnit}" does not exist`) }]);
    const id = randomUUID();
    const number = flowNumber('DB', this.clock.today());
    const chain = await this.dataSource.transaction(async (tx) => {
      const taken = await this.cards.take(tx, actor, TRANSFER_KIND, id, dto.cardIds, 'TRANSFERRING');
      const from = taken[0];
      if (from.unitId === toUnit.id) throw new RequestValidationError([{ field: 'toUnit', message: bilingual('调入单位与资产所在单位相同', 'the cards are already of that unit') }]);
      const steps = transferChain(from.unitCode, toUnit.code, actor.groups);
      await tx.query(
        `INSERT INTO asset_transfer (id, number, from_unit_id, to_unit_id, reason, status, submitter_id, approval_chain) VALUES ($1, $2, $3, $4, $5, 'IN_APPROVAL', $6, $7)`,
        [id, number, from.unitId, toUnit.id, dto.reason.trim(), actor.id, JSON.stringify(steps)],
      );
      return steps;
    });
    try {
      const instance = await this.engine.startProcessOnce(TRANSFER_PROCESS, id, { assetTransferId: id, submitter: actor.username, ...loopStartVariables(chain, this.deadline.fromNow()) });
      await this.dataSource.query(`UPDATE asset_transfer SET process_instance_id = $2 WHERE id = $1`, [id, instance.id]);
    } catch (error) {
      // Nothing half-written: the cards go back and the transfer that could not start its flow is gone.
      await this.dataSource.transaction(async (tx) => {
        await this.cards.restore(tx, TRANSFER_KIND, id);
        await tx.query(`DELETE FROM asset_flow_card WHERE flow_kind = $1 AND flow_id = $2`, [TRANSFER_KIND, id]);
        await tx.query(`DELETE FROM asset_transfer WHERE id = $1`, [id]);
      });
      throw error;
    }
    this.logger.log(`asset transfer ${number} (${id}) by ${actor.username}: ${dto.cardIds.length} card(s) to ${toUnit.code}`);
    return this.view(actor, id);
  }

  /** The flow's end: approved, the cards move to the receiving unit; rejected, they get their status back. Replays change nothing. */
  async close(id: string, outcome: 'APPROVED' | 'REJECTED'): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [locked] = await tx.query(`SELECT id FROM asset_transfer WHERE id = $1 AND status = 'IN_APPROVAL' FOR UPDATE`, [id]);
      if (!locked) return;
      const [transfer] = await this.records.transfers('t.id = $1', [id], tx);
      const today = this.clock.today();
      const cards = await this.cards.lockOpen(tx, TRANSFER_KIND, id);
      const subject = { kind: TRANSFER_KIND, id };
      if (outcome === 'APPROVED') {
        await tx.query(`UPDATE asset_card SET unit_id = $2, keeper_id = NULL, holder_id = NULL, status = 'IN_STOCK', updated_at = now() WHERE id = ANY($1)`, [cards.map((c) => c.cardId), transfer.toUnitId]);
      } else {
        await this.cards.restore(tx, TRANSFER_KIND, id);
      }
      for (const card of cards) {
        await this.cards.recordEvent(tx, card.cardId, {
          kind: outcome === 'APPROVED' ? 'transferred' : 'transfer-rejected',
          occurredOn: today,
          actorId: null,
          subject,
          facts: { transfer: transfer.number, fromUnit: transfer.fromUnitCode, toUnit: transfer.toUnitCode, keeperId: card.keeperId, holderId: card.holderId, previousStatus: card.previousStatus },
        });
      }
      await this.cards.release(tx, TRANSFER_KIND, id);
      await tx.query(`UPDATE asset_transfer SET status = $2, decided_on = $3, updated_at = now() WHERE id = $1`, [id, outcome, today]);
    });
    this.logger.log(`asset transfer ${id}: ${outcome}`);
  }

  async view(actor: Actor, id: string): Promise<TransferView> {
    const t = await this.readable(actor, id);
    return {
      kind: TRANSFER_KIND,
      id: t.id,
      number: t.number,
      status: t.status,
      reason: t.reason,
      fromUnit: { code: t.fromUnitCode, name: t.fromUnitName },
      toUnit: { code: t.toUnitCode, name: t.toUnitName },
      submitter: t.submitter,
      submitterName: t.submitterName,
      createdAt: t.createdAt.toISOString(),
      decidedOn: t.decidedOn,
      cards: await this.records.cards(TRANSFER_KIND, id),
      approvalChain: t.approvalChain ?? [],
      processInstanceId: t.processInstanceId,
    };
  }

  async list(actor: Actor): Promise<FlowListItem[]> {
    const scope = assetScope(actor);
    const rows = scope.all
      ? await this.records.transfers('true', [])
      : await this.records.transfers('(fu.code = ANY($1) OR tu.code = ANY($1) OR t.submitter_id = $2)', [scope.unitCodes, actor.id]);
    return rows.map((t) => ({ kind: TRANSFER_KIND, id: t.id, number: t.number, status: t.status, title: `${t.fromUnitName} → ${t.toUnitName}`, unit: t.fromUnitName, cards: t.cards, cost: fenToYuan(t.costFen), submitterName: t.submitterName, createdAt: t.createdAt.toISOString() }));
  }

  async units(): Promise<{ code: string; name: string }[]> {
    return this.dataSource.query(`SELECT code, name FROM org_unit ORDER BY code`);
  }

  async progress(actor: Actor, id: string): Promise<ProcessProgress | null> {
    const t = await this.readable(actor, id);
    return t.processInstanceId ? this.processProgress.progress(t.processInstanceId) : null;
  }

  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.readable(actor, id);
  }

  /** The submitter, whoever sees the assets of either unit, and the approvers' groups (leaders read all assets). */
  async readable(actor: Actor, id: string): Promise<TransferRow> {
    const [transfer] = isUuid(id) ? await this.records.transfers('t.id = $1', [id]) : [];
    if (!transfer) throw new AssetTransferNotFoundError(id);
    const scope = assetScope(actor);
    const mayRead = scope.all || transfer.submitterId === actor.id || scope.unitCodes.includes(transfer.fromUnitCode) || scope.unitCodes.includes(transfer.toUnitCode)
      || (transfer.approvalChain ?? []).some((step) => actor.groups.includes(step.group));
    if (!mayRead) throw new AssetFlowForbiddenError();
    return transfer;
  }
}

export function flowNumber(prefix: string, today: string): string {
  return `${prefix}-${today.slice(0, 4)}-${randomBytes(4).toString('hex').toUpperCase()}`;
}
