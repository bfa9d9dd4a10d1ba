import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assetScope } from '../assets/asset-access';
import { BusinessEventLine } from '../business-events/business-event';
import { BusinessEventsService } from '../business-events/business-events.service';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { ProcessProgress, ProcessProgressService } from '../claims/process-progress.service';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { loopStartVariables } from '../subjects/approval-loop';
import { AssetFlowCards } from './asset-flow-cards';
import { AssetFlowRecords, DisposalRow } from './asset-flow-records';
import { disposalChain } from './asset-flow-routing';
import { AuthorityLine, DISPOSAL_WAY_NAMES, purchaseEconomicCode } from './asset-flow-rules';
import { DISPOSAL_KIND, DisposalFinding, DisposalView, FlowListItem } from './asset-flow.views';
import { AssetDisposalNotFoundError, AssetFlowForbiddenError } from './asset-flows.errors';
import type { CreateDisposalDto } from './dto/asset-flow.dto';
import { flowNumber } from './transfers.service';

export const DISPOSAL_PROCESS = 'asset-disposal';
export const DISPOSAL_SET = 'asset-disposal';

/**
 * 处置: an asset-keeper proposes cards of one unit for 报废, 出售, 对外捐赠 or 无偿调出, with the
 * appraised residual value and the proceeds. Filing screens it (AST-DISPOSAL-EARLY), takes the cards
 * (DISPOSING) and routes it by the authority lines of the rule set in force; approval disposes the
 * cards and publishes `asset-disposed` in the same transaction, so accounting writes off cost and
 * accumulated depreciation.
 */
@Injectable()
export class DisposalsService {
  private readonly logger = new Logger(DisposalsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: AssetFlowRecords,
    private readonly cards: AssetFlowCards,
    private readonly rules: RulesService,
    private readonly events: BusinessEventsService,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly clock: Clock,
    private readonly processProgress: ProcessProgressService,
  ) {}

  async submit(actor: Actor, dto: CreateDisposalDto): Promise<DisposalView> {
    const residualFen = dto.residual ? yuanToFen(dto.residual) : 0;
    const proceedsFen = dto.proceeds ? yuanToFen(dto.proceeds) : 0;
    if (proceedsFen > 0 && dto.way !== 'scrap' && dto.way !== 'sale') {
      throw new RequestValidationError([{ field: 'proceeds', message: bilingual(`${DISPOSAL_WAY_NAMES[dto.way].zh}没有处置收入`, `a ${dto.way} brings in no proceeds`) }]);
    }
    const id = randomUUID();
    const today = this.clock.today();
    const number = flowNumber('CZ', today);
    const definition = this.rules.inForce(DISPOSAL_SET, today);
    const chain = await this.dataSource.transaction(async (tx) => {
      const taken = await this.cards.take(tx, actor, DISPOSAL_KIND, id, dto.cardIds, 'DISPOSING');
      const costFen = taken.reduce((sum, c) => sum + c.originalValueFen, 0);
      const depreciatedFen = taken.reduce((sum, c) => sum + c.depreciatedFen, 0);
      const { findings } = await this.rules.evaluate(definition, { cards: taken.map((c) => ({ number: c.number, acceptedOn: c.acceptedOn, usefulLifeMonths: c.usefulLifeMonths })), submittedOn: today });
      const recorded: DisposalFinding[] = findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity as DisposalFinding['severity'], messageZh: f.message.zh, messageEn: f.message.en, facts: { ...f.facts, ruleSet: `${definition.set}@${definition.version}` } }));
      const steps = disposalChain(taken[0].unitCode, costFen, definition.data.authority as AuthorityLine[], actor.groups);
      await tx.query(
        `INSERT INTO asset_disposal (id, number, unit_id, way, reason, cost_fen, depreciated_fen, residual_fen, proceeds_fen, status, findings, rule_versions, submitter_id, approval_chain)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'IN_APPROVAL', $10, $11, $12, $13)`,
        [id, number, taken[0].unitId, dto.way, dto.reason.trim(), costFen, depreciatedFen, residualFen, proceedsFen, JSON.stringify(recorded), JSON.stringify({ [DISPOSAL_SET]: definition.version }), actor.id, JSON.stringify(steps)],
      );
      return steps;
    });
    try {
      const instance = await this.engine.startProcessOnce(DISPOSAL_PROCESS, id, { assetDisposalId: id, submitter: actor.username, ...loopStartVariables(chain, this.deadline.fromNow()) });
      await this.dataSource.query(`UPDATE asset_disposal SET process_instance_id = $2 WHERE id = $1`, [id, instance.id]);
    } catch (error) {
      // Nothing half-written: the cards go back and the disposal that could not start its flow is gone.
      await this.dataSource.transaction(async (tx) => {
        await this.cards.restore(tx, DISPOSAL_KIND, id);
        await tx.query(`DELETE FROM asset_flow_card WHERE flow_kind = $1 AND flow_id = $2`, [DISPOSAL_KIND, id]);
        await tx.query(`DELETE FROM asset_disposal WHERE id = $1`, [id]);
      });
      throw error;
    }
    this.logger.log(`asset disposal ${number} (${id}) by ${actor.username}: ${dto.cardIds.length} card(s), ${dto.way}`);
    return this.view(actor, id);
  }

  /**
   * The flow's end. Approved: the cards are DISPOSED, each with a `disposed` event, and
   * `asset-disposed` is published in the same transaction — per card its accumulated depreciation
   * (Dr 1602 / Cr 1601) and net value (Dr 5301, or 3401 for 无偿调出 / Cr 1601), and the proceeds
   * (Dr 1002 / Cr 2103 应缴财政款). Rejected: the cards get their status back. Replays change nothing.
   */
  async close(id: string, outcome: 'APPROVED' | 'REJECTED'): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [locked] = await tx.query(`SELECT id FROM asset_disposal WHERE id = $1 AND status = 'IN_APPROVAL' FOR UPDATE`, [id]);
      if (!locked) return;
      const [disposal] = await this.records.disposals('d.id = $1', [id], tx);
      const today = this.clock.today();
      const cards = await this.cards.lockOpen(tx, DISPOSAL_KIND, id);
      const subject = { kind: DISPOSAL_KIND, id };
      const way = DISPOSAL_WAY_NAMES[disposal.way];
      if (outcome === 'APPROVED') {
        await tx.query(`UPDATE asset_card SET status = 'DISPOSED', updated_at = now() WHERE id = ANY($1)`, [cards.map((c) => c.cardId)]);
        const lines: BusinessEventLine[] = [];
        for (const card of cards) {
          const base = { unit: card.unitCode, economicCode: purchaseEconomicCode(card.classCode), assetClass: card.classCode };
          if (card.depreciatedFen > 0) lines.push({ ...base, amountFen: card.depreciatedFen, part: 'depreciation', summary: `${way.zh}核销累计折旧 ${card.number} ${card.name}` });
          const netFen = card.costFen - card.depreciatedFen;
          if (netFen > 0) lines.push({ ...base, amountFen: netFen, part: disposal.way === 'transfer-out' ? 'net-value-free-transfer' : 'net-value', summary: `${way.zh} ${card.number} ${card.name} 账面价值` });
        }
        if (disposal.proceedsFen > 0) lines.push({ amountFen: disposal.proceedsFen, unit: disposal.unitCode, economicCode: '', part: 'proceeds', summary: `${way.zh}收入应缴财政 ${disposal.number}` });
        await this.events.publish(tx, {
          kind: 'asset-disposed',
          source: subject,
          occurredOn: today,
          summary: `资产${way.zh} ${disposal.number}（${cards.length} 项）`,
          lines,
          facts: {
            disposal: disposal.number,
            way: disposal.way,
            cards: cards.length,
            costFen: cards.reduce((sum, c) => sum + c.costFen, 0),
            depreciatedFen: cards.reduce((sum, c) => sum + c.depreciatedFen, 0),
            residualFen: disposal.residualFen,
            proceedsFen: disposal.proceedsFen,
          },
        });
      } else {
        await this.cards.restore(tx, DISPOSAL_KIND, id);
      }
      for (const card of cards) {
        await this.cards.recordEvent(tx, card.cardId, {
          kind: outcome === 'APPROVED' ? 'disposed' : 'disposal-rejected',
          occurredOn: today,
          actorId: null,
          subject,
          facts: { disposal: disposal.number, way: disposal.way, costFen: card.costFen, depreciatedFen: card.depreciatedFen, previousStatus: card.previousStatus },
        });
      }
      await this.cards.release(tx, DISPOSAL_KIND, id);
      await tx.query(`UPDATE asset_disposal SET status = $2, decided_on = $3, updated_at = now() WHERE id = $1`, [id, outcome, today]);
    });
    this.logger.log(`asset disposal ${id}: ${outcome}`);
  }

  async view(actor: Actor, id: string): Promise<DisposalView> {
    const d = await this.readable(actor, id);
    return {
      kind: DISPOSAL_KIND,
      id: d.id,
      number: d.number,
      status: d.status,
      reason: d.reason,
      unit: { code: d.unitCode, name: d.unitName },
      way: d.way,
      cost: fenToYuan(d.costFen),
      depreciated: fenToYuan(d.depreciatedFen),
      netValue: fenToYuan(d.costFen - d.depreciatedFen),
      residual: fenToYuan(d.residualFen),
      proceeds: fenToYuan(d.proceedsFen),
      findings: d.findings,
      submitter: d.submitter,
      submitterName: d.submitterName,
      createdAt: d.createdAt.toISOString(),
      decidedOn: d.decidedOn,
      cards: await this.records.cards(DISPOSAL_KIND, id),
      approvalChain: d.approvalChain ?? [],
      processInstanceId: d.processInstanceId,
    };
  }

  async list(actor: Actor): Promise<FlowListItem[]> {
    const scope = assetScope(actor);
    const rows = scope.all ? await this.records.disposals('true', []) : await this.records.disposals('(u.code = ANY($1) OR d.submitter_id = $2)', [scope.unitCodes, actor.id]);
    return rows.map((d) => ({ kind: DISPOSAL_KIND, id: d.id, number: d.number, status: d.status, title: DISPOSAL_WAY_NAMES[d.way].zh, unit: d.unitName, cards: d.cards, cost: fenToYuan(d.costFen), submitterName: d.submitterName, createdAt: d.createdAt.toISOString() }));
  }

  async progress(actor: Actor, id: string): Promise<ProcessProgress | null> {
    const d = await this.readable(actor, id);
    return d.processInstanceId ? this.processProgress.progress(d.processInstanceId) : null;
  }

  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.readable(actor, id);
  }

  /** The submitter, whoever sees the unit's assets, and the approvers' groups. */
  async readable(actor: Actor, id: string): Promise<DisposalRow> {
    const [disposal] = isUuid(id) ? await this.records.disposals('d.id = $1', [id]) : [];
    if (!disposal) throw new AssetDisposalNotFoundError(id);
    const scope = assetScope(actor);
    const mayRead = scope.all || disposal.submitterId === actor.id || scope.unitCodes.includes(disposal.unitCode) || (disposal.approvalChain ?? []).some((step) => actor.groups.includes(step.group));
    if (!mayRead) throw new AssetFlowForbiddenError();
    return disposal;
  }
}
