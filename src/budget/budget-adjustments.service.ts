import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { FormsService } from '../forms/forms.service';
import { RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import { BudgetLedger } from './budget-ledger';
import { BudgetAdjustment, BudgetLine } from './budget.entities';
import { BudgetAdjustmentNotFoundError } from './budget.errors';
import type { AdjustmentProposalDto } from './dto/budget.dto';

export const BUDGET_ADJUSTMENT_PROCESS = 'budget-adjustment';

export interface AdjustmentView {
  id: string;
  from: string;
  to: string;
  amount: string;
  reason: string;
  proposedBy: string;
  needsDeputyChief: boolean;
  status: string;
  note: string | null;
  processInstanceId: string | null;
}

/**
 * 预算调整: finance proposes moving allocation from one line to another; a move into or out of a
 * special fund waits for the deputy chief. The move itself is two ledger entries in one transaction.
 */
const ADJUSTMENT_FORM = 'budget-adjustment';

@Injectable()
export class BudgetAdjustmentsService {
  private readonly logger = new Logger(BudgetAdjustmentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BudgetLedger,
    private readonly engine: EngineClient,
    private readonly deadline: ApprovalDeadline,
    private readonly forms: FormsService,
  ) {}

  async propose(dto: AdjustmentProposalDto, actor: string): Promise<AdjustmentView> {
    // The Form.io form is the contract of what finance submits, in the browser and here.
    await this.forms.validate(ADJUSTMENT_FORM, dto);
    const lines = this.dataSource.getRepository(BudgetLine);
    const from = isUuid(dto.from) ? await lines.findOne({ where: { id: dto.from } }) : null;
    const to = isUuid(dto.to) ? await lines.findOne({ where: { id: dto.to } }) : null;
    const errors = [];
    if (!from) errors.push({ field: 'from', message: bilingual('调出预算指标不存在', 'the line to move from does not exist') });
    if (!to) errors.push({ field: 'to', message: bilingual('调入预算指标不存在', 'the line to move to does not exist') });
    if (from && to && from.id === to.id) errors.push({ field: 'to', message: bilingual('调入与调出不能是同一指标', 'must differ from the line moved from') });
    const amountFen = yuanToFen(dto.amount);
    if (amountFen <= 0) errors.push({ field: 'amount', message: bilingual('金额应大于零', 'must be more than zero') });
    if (from && amountFen > from.allocatedFen - from.reservedFen - from.committedFen) {
      errors.push({ field: 'amount', message: bilingual(`调出指标可用余额不足（可用 ${fenToYuan(from.allocatedFen - from.reservedFen - from.committedFen)} 元）`, 'more than the line to move from has available') });
    }
    if (errors.length > 0) throw new RequestValidationError(errors);

    const repository = this.dataSource.getRepository(BudgetAdjustment);
    const adjustment = await repository.save(
      repository.create({
        fromLineId: from!.id,
        toLineId: to!.id,
        amountFen,
        reason: dto.reason,
        proposedBy: actor,
        needsDeputyChief: from!.fundType === 'special' || to!.fundType === 'special',
        status: 'PENDING',
      }),
    );
    try {
      const instance = await this.engine.startProcessOnce(BUDGET_ADJUSTMENT_PROCESS, adjustment.id, {
        adjustmentId: adjustment.id,
        needsDeputyChief: adjustment.needsDeputyChief,
        proposer: actor,
        amountFen,
        approvalDue: this.deadline.fromNow().due,
      });
      await repository.update(adjustment.id, { processInstanceId: instance.id });
    } catch (error) {
      await repository.delete(adjustment.id);
      throw error;
    }
    this.logger.log(`${actor} proposed moving ${dto.amount} from ${from!.id} to ${to!.id}${adjustment.needsDeputyChief ? ' (deputy chief approves)' : ''}`);
    return this.view(adjustment.id);
  }

  /** Carries out an approved adjustment: both entries or neither; refused if the money is gone by then. */
  async execute(id: string): Promise<'EXECUTED' | 'REFUSED'> {
    const adjustment = await this.find(id);
    if (adjustment.status !== 'PENDING') return adjustment.status === 'EXECUTED' ? 'EXECUTED' : 'REFUSED';
    const reason = `预算调整 ${adjustment.id}：${adjustment.reason}`;
    const outcomes = await this.ledger.moveAll([
      { lineId: adjustment.fromLineId, kind: 'adjust', amountFen: -adjustment.amountFen, operationKey: `adjustment:${id}:from`, actor: adjustment.proposedBy, reason, enforceAvailable: true },
      { lineId: adjustment.toLineId, kind: 'adjust', amountFen: adjustment.amountFen, operationKey: `adjustment:${id}:to`, actor: adjustment.proposedBy, reason },
    ]);
    const refused = outcomes.some((o) => o.result === 'insufficient');
    await this.dataSource.getRepository(BudgetAdjustment).update(id, {
      status: refused ? 'REFUSED' : 'EXECUTED',
      outcomeNote: refused ? '调出指标可用余额已不足，未调整 / the line moved from no longer has the money' : null,
    });
    return refused ? 'REFUSED' : 'EXECUTED';
  }

  async reject(id: string): Promise<void> {
    await this.dataSource.getRepository(BudgetAdjustment).update({ id, status: 'PENDING' }, { status: 'REJECTED' });
  }

  async view(id: string): Promise<AdjustmentView> {
    const a = await this.find(id);
    const label = (line: BudgetLine) => `${line.unit.name} ${line.fiscalYear} ${line.subject}${line.fundName ? ` ${line.fundName}` : ''}`;
    return {
      id: a.id,
      from: label(a.fromLine),
      to: label(a.toLine),
      amount: fenToYuan(a.amountFen),
      reason: a.reason,
      proposedBy: a.proposedBy,
      needsDeputyChief: a.needsDeputyChief,
      status: a.status,
      note: a.outcomeNote,
      processInstanceId: a.processInstanceId,
    };
  }

  async findByProcessInstanceIds(ids: string[]): Promise<BudgetAdjustment[]> {
    if (ids.length === 0) return [];
    return this.withLines().where('a.process_instance_id IN (:...ids)', { ids }).getMany();
  }

  /** Adjustments with both lines and their units; ids that are no adjustment are left out. */
  async findByIds(ids: string[]): Promise<BudgetAdjustment[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.withLines().where('a.id IN (:...ids)', { ids: valid }).getMany();
  }

  private withLines() {
    return this.dataSource.getRepository(BudgetAdjustment).createQueryBuilder('a')
      .leftJoinAndSelect('a.fromLine', 'fromLine').leftJoinAndSelect('fromLine.unit', 'fromUnit')
      .leftJoinAndSelect('a.toLine', 'toLine').leftJoinAndSelect('toLine.unit', 'toUnit');
  }

  private async find(id: string): Promise<BudgetAdjustment> {
    const found = isUuid(id) ? await this.dataSource.getRepository(BudgetAdjustment).findOne({ where: { id } }) : null;
    if (!found) throw new BudgetAdjustmentNotFoundError(id);
    return found;
  }
}
