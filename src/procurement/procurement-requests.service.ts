import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service';
import { BudgetLine } from '../budget/budget.entities';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { Clock } from '../common/clock';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { EngineClient } from '../engine/engine-client';
import { FormsService } from '../forms/forms.service';
import { candidateGroupId } from '../org/org.entities';
import { Actor, OrgService } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { ScreenedFinding } from '../screening/screened-finding';
import { ApprovalStep, loopStartVariables } from '../subjects/approval-loop';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { Supplier } from '../suppliers/supplier.entity';
import { SuppliersService } from '../suppliers/suppliers.service';
import { AwardsService, AwardView, lineOf } from './awards.service';
import type { AwardDto, ProcurementRequestDto, QuoteDto } from './dto/procurement-request.dto';
import { MethodProposal } from './method-proposal';
import { ProcurementItem, ProcurementQuote, ProcurementRequest, ProcurementStatus } from './procurement-request.entity';
import { METHOD_NAMES, methodOf } from './procurement-methods';
import { ProcurementPolicy } from './procurement-policy';
import { ProcurementReservations } from './procurement-reservations';
import { ProcurementScreeningService, requestFacts } from './procurement-screening.service';
import { ProcurementForbiddenError, ProcurementRequestNotFoundError, ProcurementStateError } from './procurement.errors';

export const PROCUREMENT_REQUEST_KIND = 'procurement-request';
export const PROCUREMENT_REQUEST_PROCESS = 'procurement-request';
export const PROCUREMENT_REQUEST_FORM = 'procurement-request';
/** Who reads every procurement request (leaders read only). */
export const PROCUREMENT_READERS = ['procurement', 'contract-review', 'finance', 'accountant', 'deputy-chief', 'chief'];
const ROUTING_SET = 'routing';
const QUOTE_CATEGORY = '报价单';

export interface QuoteView {
  id: string;
  supplierId: string;
  supplier: string;
  supplierCreditCode: string;
  amount: string;
  attachmentId: string | null;
  recordedBy: string;
}

export interface ProcurementRequestView {
  id: string;
  status: ProcurementStatus;
  requester: string;
  requesterName: string;
  unit: string;
  unitCode: string;
  budgetLineId: string;
  category: string;
  items: (Omit<ProcurementItem, 'unitPriceFen' | 'amountFen'> & { unitPrice: string; amount: string })[];
  estimate: string;
  estimateFen: number;
  method: string;
  methodName: string;
  proposal: MethodProposal;
  tier: string;
  singleSourceReason: string | null;
  neededBy: string | null;
  reason: string;
  proposedSupplier: string | null;
  proposedAmount: string | null;
  findings: { ruleId: string; severity: string; message: string; messageEn: string; facts: Record<string, unknown> }[];
  route: string[];
  approvalChain: ApprovalStep[];
  quotes: QuoteView[];
  award: AwardView | null;
  /** What the request holds reserved on its line now. */
  reserved: string;
  submittedOn: string;
  processInstanceId: string | null;
}

interface Prepared {
  line: BudgetLine;
  items: ProcurementItem[];
  estimateFen: number;
  method: NonNullable<ReturnType<typeof methodOf>>;
  quotes: { supplier: Supplier; amountFen: number; attachmentId?: string }[];
  proposedSupplier: Supplier | null;
  proposedAmountFen: number | null;
}

/**
 * 采购申请: filed by unit staff, checked as bad input before anything is stored, the estimate reserved
 * on the line at submission, screened by the procurement rules (an external task), approved along the
 * chain the routing data gives, then sourced and awarded by `procurement`.
 */
@Injectable()
export class ProcurementRequestsService {
  private readonly logger = new Logger(ProcurementRequestsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
    private readonly engine: EngineClient,
    private readonly forms: FormsService,
    private readonly rules: RulesService,
    private readonly deadline: ApprovalDeadline,
    private readonly clock: Clock,
    private readonly involvement: SubjectInvolvement,
    private readonly attachments: AttachmentsService,
    private readonly suppliers: SuppliersService,
    private readonly awards: AwardsService,
    private readonly policy: ProcurementPolicy,
    private readonly screening: ProcurementScreeningService,
    private readonly reservations: ProcurementReservations,
  ) {}

  /** The method the request's category and amount call for, as the form shows it live. */
  propose(category: string, amountFen: number): MethodProposal {
    return this.policy.propose(category, amountFen, this.clock.today());
  }

  async submit(actor: Actor, dto: ProcurementRequestDto): Promise<{ id: string; status: ProcurementStatus; proposal: MethodProposal }> {
    const formVersion = await this.forms.validate(PROCUREMENT_REQUEST_FORM, dto);
    const today = this.clock.today();
    const prepared = await this.prepare(actor, dto, today);
    const proposal = this.policy.propose(dto.category, prepared.estimateFen, today);
    const chain = this.chainFor(actor, prepared.estimateFen, today);

    const request = await this.dataSource.transaction(async (tx) => {
      const saved = await tx.getRepository(ProcurementRequest).save(
        tx.getRepository(ProcurementRequest).create({
          requesterId: actor.id,
          unitId: actor.unit.id,
          budgetLineId: prepared.line.id,
          category: dto.category,
          items: prepared.items,
          estimateFen: prepared.estimateFen,
          method: prepared.method,
          proposedMethod: proposal.proposed,
          tier: proposal.tier,
          proposal,
          singleSourceReason: dto.singleSourceReason?.trim() || null,
          neededBy: dto.neededBy ?? null,
          reason: dto.reason.trim(),
          proposedSupplierId: prepared.proposedSupplier?.id ?? null,
          proposedAmountFen: prepared.proposedAmountFen,
          status: ProcurementStatus.SCREENING,
          findings: [],
          approvalChain: chain,
          submittedOn: today,
          formVersion,
        }),
      );
      await this.storeQuotes(tx, actor, saved.id, prepared.quotes);
      return saved;
    });
    const reserved = await this.reservations.reserve(request.id, prepared.line.id, prepared.estimateFen, prepared.line.controlMode === 'FORBID', actor.username);
    if (reserved.result === 'insufficient') {
      await this.discard(request.id);
      throw new RequestValidationError([{ field: 'budgetLine', message: bilingual(`预算指标可用余额不足（可用 ${fenToYuan(reserved.totals.availableFen)} 元）`, `the budget line has only ${fenToYuan(reserved.totals.availableFen)} available`) }]);
    }
    try {
      const instance = await this.engine.startProcessOnce(PROCUREMENT_REQUEST_PROCESS, request.id, {
        procurementRequestId: request.id,
        requester: actor.username,
        unitCode: actor.unit.code,
        amountFen: prepared.estimateFen,
      });
      await this.dataSource.getRepository(ProcurementRequest).update(request.id, { processInstanceId: instance.id });
    } catch (error) {
      await this.reservations.releaseAll(request.id, prepared.line.id, 'withdrawn', actor.username);
      await this.discard(request.id);
      throw error;
    }
    this.logger.log(`procurement request ${request.id} by ${actor.username}: ${dto.category} ${fenToYuan(prepared.estimateFen)} by ${prepared.method} (proposed ${proposal.proposed})`);
    return { id: request.id, status: ProcurementStatus.SCREENING, proposal };
  }

  /**
   * Screening at submission (the external task): the procurement rules on the request; a block
   * returns it with reasons and gives back its reservation, otherwise it goes to approval.
   */
  async screen(id: string): Promise<{ blocking: boolean; chain: ApprovalStep[] }> {
    const request = await this.findOrFail(id);
    if (request.status !== ProcurementStatus.SCREENING) return { blocking: request.status === ProcurementStatus.RETURNED, chain: request.approvalChain };
    const quotes = await this.dataSource.getRepository(ProcurementQuote).count({ where: { requestId: id } });
    const { findings, definition } = await this.screening.screen(requestFacts(request, quotes, request.proposedSupplier, request.proposedAmountFen, request.submittedOn));
    const blocking = findings.some((finding) => finding.severity === 'block');
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(ProcurementRequest).update(id, { findings: findings as never, ruleVersion: definition.version, status: blocking ? ProcurementStatus.RETURNED : ProcurementStatus.IN_APPROVAL, updatedAt: new Date() });
      if (blocking) await this.reservations.releaseAll(id, request.budgetLineId, 'returned', 'procurement-screen', tx);
    });
    return { blocking, chain: request.approvalChain };
  }

  /** The variables that start the approval loop at the chain's first step. */
  loopVariables(chain: ApprovalStep[]): Record<string, unknown> {
    return loopStartVariables(chain, this.deadline.fromNow());
  }

  /** The end of approval (the flow's closing task): approved, or rejected with the reservation given back. */
  async close(id: string, outcome: ProcurementStatus.APPROVED | ProcurementStatus.REJECTED): Promise<void> {
    const request = await this.findOrFail(id);
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(ProcurementRequest).update(id, { status: outcome, updatedAt: new Date() });
      if (outcome === ProcurementStatus.REJECTED) await this.reservations.releaseAll(id, request.budgetLineId, 'rejected', 'procurement-request-close', tx);
    });
  }

  async withdraw(actor: Actor, id: string): Promise<{ id: string; status: ProcurementStatus }> {
    const request = await this.findOrFail(id);
    if (request.requesterId !== actor.id) throw new ProcurementForbiddenError();
    if (![ProcurementStatus.SCREENING, ProcurementStatus.IN_APPROVAL].includes(request.status)) {
      throw new ProcurementStateError('只有审核中或审批中的采购申请可以撤回', `a request ${request.status} cannot be withdrawn`);
    }
    if (request.processInstanceId) await this.engine.deleteProcessInstance(request.processInstanceId, `withdrawn by ${actor.username}`);
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(ProcurementRequest).update(id, { status: ProcurementStatus.WITHDRAWN, updatedAt: new Date() });
      await this.reservations.releaseAll(id, request.budgetLineId, 'withdrawn', actor.username, tx);
    });
    return { id, status: ProcurementStatus.WITHDRAWN };
  }

  /** A quote (or bid) recorded by procurement while sourcing an approved request. */
  async addQuote(actor: Actor, id: string, dto: QuoteDto): Promise<QuoteView[]> {
    const request = await this.findOrFail(id);
    if (request.status !== ProcurementStatus.APPROVED) throw new ProcurementStateError('采购申请批准后、成交前才能登记报价', 'quotes are recorded once the request is approved and before the award');
    const supplier = await this.suppliers.resolve(dto.supplier);
    if (!supplier) throw new RequestValidationError([{ field: 'supplier', message: bilingual(`供应商“${dto.supplier}”不在供应商库中`, `supplier "${dto.supplier}" is not registered`) }]);
    const amountFen = positiveFen(dto.amount, 'amount');
    await this.dataSource.transaction(async (tx) => {
      const existing = await tx.getRepository(ProcurementQuote).findOne({ where: { requestId: id, supplierId: supplier.id } });
      if (existing) throw new RequestValidationError([{ field: 'supplier', message: bilingual('该供应商已有报价', 'this supplier has quoted already') }]);
      await this.storeQuotes(tx, actor, id, [{ supplier, amountFen, attachmentId: dto.attachmentId }], 'attachmentId');
    });
    return this.quotesOf(id);
  }

  /**
   * The award (成交) by procurement on an approved request: a supplier that quoted (when any did), at
   * most the estimate; enough quotes for the method (PROC-QUOTES refuses it); the reservation cut to
   * the award. Concentration is screened and kept with the request's findings.
   */
  async award(actor: Actor, id: string, dto: AwardDto): Promise<ProcurementRequestView> {
    const request = await this.findOrFail(id);
    if (request.status !== ProcurementStatus.APPROVED) throw new ProcurementStateError('只有已批准的采购申请可以确定成交', 'only an approved request can be awarded');
    const supplier = await this.suppliers.resolve(dto.supplier);
    const errors: FieldError[] = [];
    if (!supplier) errors.push({ field: 'supplier', message: bilingual(`供应商“${dto.supplier}”不在供应商库中`, `supplier "${dto.supplier}" is not registered`) });
    const amountFen = yuanToFen(dto.amount);
    if (amountFen <= 0) errors.push({ field: 'amount', message: bilingual('成交金额应大于零', 'the award must be above zero') });
    if (amountFen > request.estimateFen) errors.push({ field: 'amount', message: bilingual(`成交金额不能超过预算 ${fenToYuan(request.estimateFen)} 元`, `the award may not exceed the estimate of ${fenToYuan(request.estimateFen)}`) });
    const quotes = await this.dataSource.getRepository(ProcurementQuote).find({ where: { requestId: id } });
    if (supplier && quotes.length > 0 && !quotes.some((q) => q.supplierId === supplier.id)) errors.push({ field: 'supplier', message: bilingual('成交供应商应为报价供应商之一', 'the awarded supplier must be one that quoted') });
    const awardedOn = dto.awardedOn ?? this.clock.today();
    if (dto.noticeOn && dto.noticeOn < awardedOn) errors.push({ field: 'noticeOn', message: bilingual('成交通知日期不能早于成交日期', 'the notice day must not be before the award day') });
    if (errors.length > 0) throw new RequestValidationError(errors);

    const findings = (await this.screening.screen(requestFacts(request, quotes.length, supplier, amountFen, awardedOn))).findings;
    const short = findings.find((finding) => finding.ruleId === 'PROC-QUOTES' || (finding.ruleId !== 'PROC-METHOD' && finding.severity === 'block'));
    const quotesNeeded = (findings.find((f) => f.ruleId === 'PROC-QUOTES')?.facts as { needed?: number } | undefined)?.needed;
    if (short || (quotes.length === 0 && this.quotesRequired(request, awardedOn) > 0)) {
      const needed = quotesNeeded ?? this.quotesRequired(request, awardedOn);
      throw new RequestValidationError([{ field: 'supplier', message: bilingual(`PROC-QUOTES：报价只有 ${quotes.length} 家，采购方式要求 ${needed} 家`, `PROC-QUOTES: ${quotes.length} quote(s), the method needs ${needed}`) }]);
    }
    const kept = [...request.findings.filter((finding) => (finding.facts as { stage?: string }).stage !== 'award'), ...findings.filter((f) => f.ruleId === 'PROC-SUPPLIER-CONCENTRATION' || f.ruleId === 'PROC-SPLIT').map((f) => ({ ...f, facts: { ...f.facts, stage: 'award' } }))];
    await this.dataSource.transaction(async (tx) => {
      const locked = await tx.query(`SELECT status FROM procurement_request WHERE id = $1 FOR UPDATE`, [id]);
      if (locked[0]?.status !== ProcurementStatus.APPROVED) throw new ProcurementStateError('该采购申请刚已成交', 'the request was just awarded');
      await this.awards.record(tx, { requestId: id, unitId: request.unitId, budgetLineId: request.budgetLineId, category: request.category, method: request.method, supplierId: supplier!.id, amountFen, awardedOn, noticeOn: dto.noticeOn ?? null }, actor.username);
      await tx.getRepository(ProcurementRequest).update(id, { status: ProcurementStatus.AWARDED, findings: kept as never, updatedAt: new Date() });
      await this.reservations.cutToAward(tx, id, request.budgetLineId, amountFen, actor.username);
    });
    this.logger.log(`${actor.username} awarded procurement request ${id} to ${supplier!.name} at ${fenToYuan(amountFen)}`);
    return this.view(actor, id);
  }

  async view(actor: Actor, id: string): Promise<ProcurementRequestView> {
    const request = await this.findOrFail(id);
    await this.assertMayRead(actor, request);
    await this.involvement.markCopyRead({ kind: PROCUREMENT_REQUEST_KIND, id }, actor.username);
    return this.toView(request, await this.quotesOf(id), await this.awards.findByRequest(id), await this.reservations.held(id, request.budgetLineId));
  }

  /** The requests the actor may see: their own, their units' (unit heads), all (procurement, finance, leaders). */
  async list(actor: Actor, filter: { status?: string; scope?: string }): Promise<ProcurementRequestView[]> {
    const builder = this.dataSource.getRepository(ProcurementRequest).createQueryBuilder('r')
      .leftJoinAndSelect('r.requester', 'requester').leftJoinAndSelect('r.unit', 'unit').leftJoinAndSelect('r.proposedSupplier', 'proposedSupplier')
      .orderBy('r.createdAt', 'DESC').take(300);
    const headOf = actor.groups.filter((g) => g.startsWith('unit-head:')).map((g) => g.slice('unit-head:'.length));
    const readsAll = actor.groups.some((g) => PROCUREMENT_READERS.includes(g));
    if (filter.scope === 'mine' || (!readsAll && headOf.length === 0)) builder.where('r.requester_id = :me', { me: actor.id });
    else if (filter.scope === 'unit' || !readsAll) builder.where('(r.requester_id = :me OR unit.code IN (:...units))', { me: actor.id, units: headOf.length ? headOf : ['-'] });
    if (filter.status && Object.values(ProcurementStatus).includes(filter.status as ProcurementStatus)) builder.andWhere('r.status = :status', { status: filter.status });
    const requests = await builder.getMany();
    return requests.map((request) => this.toView(request, [], null, null));
  }

  async findOrFail(id: string): Promise<ProcurementRequest> {
    const request = isUuid(id) ? await this.dataSource.getRepository(ProcurementRequest).findOne({ where: { id } }) : null;
    if (!request) throw new ProcurementRequestNotFoundError(id);
    return request;
  }

  async findByIds(ids: string[]): Promise<ProcurementRequest[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (valid.length === 0) return [];
    return this.dataSource.getRepository(ProcurementRequest).createQueryBuilder('r')
      .leftJoinAndSelect('r.requester', 'requester').leftJoinAndSelect('r.unit', 'unit').leftJoinAndSelect('r.proposedSupplier', 'proposedSupplier')
      .where('r.id IN (:...valid)', { valid }).getMany();
  }

  async findByProcessInstanceIds(ids: string[]): Promise<ProcurementRequest[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(ProcurementRequest).createQueryBuilder('r')
      .leftJoinAndSelect('r.requester', 'requester').leftJoinAndSelect('r.unit', 'unit').leftJoinAndSelect('r.proposedSupplier', 'proposedSupplier')
      .where('r.process_instance_id IN (:...ids)', { ids }).getMany();
  }

  async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.assertMayRead(actor, await this.findOrFail(id));
  }

  private async assertMayRead(actor: Actor, request: ProcurementRequest): Promise<void> {
    const mayRead =
      request.requesterId === actor.id ||
      actor.groups.includes(candidateGroupId('unit-head', request.unit.code)) ||
      actor.groups.some((group) => PROCUREMENT_READERS.includes(group)) ||
      (await this.involvement.involves({ kind: PROCUREMENT_REQUEST_KIND, id: request.id }, actor.username));
    if (!mayRead) throw new ProcurementForbiddenError();
  }

  /** Every check of bad input, before anything is stored: each problem named by its field. */
  private async prepare(actor: Actor, dto: ProcurementRequestDto, today: string): Promise<Prepared> {
    const errors: FieldError[] = [];
    const bad = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });
    if (dto.unit && dto.unit !== actor.unit.name && dto.unit !== actor.unit.code) bad('unit', '只能为本单位申请采购', 'a request is filed for your own unit');
    if (!this.policy.isKnownCategory(dto.category)) bad('category', `品目编码“${dto.category}”不在政府采购品目分类目录中`, `category ${dto.category} is not in the procurement catalogue`);
    const items: ProcurementItem[] = [];
    for (const [i, item] of dto.items.entries()) {
      const unitPriceFen = yuanToFen(item.unitPrice);
      if (unitPriceFen <= 0) bad(`items[${i}].unitPrice`, '单价应大于零', 'unit price must be above zero');
      const category = item.category ?? dto.category;
      if (item.category && !this.policy.isKnownCategory(item.category)) bad(`items[${i}].category`, `品目编码“${item.category}”不在政府采购品目分类目录中`, `category ${item.category} is not in the procurement catalogue`);
      items.push({ name: item.name.trim(), category, quantity: item.quantity, unitPriceFen, amountFen: unitPriceFen * item.quantity, ...(item.spec ? { spec: item.spec } : {}) });
    }
    const estimateFen = items.reduce((sum, item) => sum + item.amountFen, 0);
    if (!Number.isSafeInteger(estimateFen)) bad('items', '合计金额过大', 'the total is too large');
    if (dto.total !== undefined && yuanToFen(dto.total) !== estimateFen) bad('total', `合计 ${dto.total} 元与明细之和 ${fenToYuan(estimateFen)} 元不符`, `the total ${dto.total} differs from the items' sum ${fenToYuan(estimateFen)}`);
    const method = methodOf(dto.method);
    if (!method) bad('method', `采购方式“${dto.method}”未知`, `unknown method "${dto.method}"`);
    if (method === 'single-source' && !dto.singleSourceReason?.trim()) bad('singleSourceReason', '单一来源采购须说明法定理由（政府采购法第三十一条）', 'single source needs its legal reason (政府采购法 第三十一条)');
    if (dto.neededBy && dto.neededBy < today) bad('neededBy', '需用日期不能早于今天', 'needed by must not be in the past');
    let line: BudgetLine | null = null;
    if (dto.budgetLineId) {
      line = await this.dataSource.getRepository(BudgetLine).findOne({ where: { id: dto.budgetLineId } });
      if (!line || line.unitId !== actor.unit.id) bad('budgetLineId', '预算指标不存在或不属于本单位', 'no such budget line of your unit');
    } else if (dto.budgetLine) {
      line = await lineOf(this.dataSource.manager, { ...dto.budgetLine, unit: actor.unit.code }, Number(today.slice(0, 4)));
      if (!line) bad('budgetLine', `本单位 ${today.slice(0, 4)} 年度没有该预算指标`, `your unit has no such budget line in ${today.slice(0, 4)}`);
    } else bad('budgetLine', '请选择预算指标', 'choose a budget line');
    const quotes: Prepared['quotes'] = [];
    const seen = new Map<string, number>();
    for (const [i, quote] of (dto.quotes ?? []).entries()) {
      const supplier = await this.suppliers.resolve(quote.supplier);
      const amountFen = yuanToFen(quote.amount);
      if (!supplier) bad(`quotes[${i}].supplier`, `供应商“${quote.supplier}”不在供应商库中`, `supplier "${quote.supplier}" is not registered`);
      else if (seen.has(supplier.id)) bad(`quotes[${i}].supplier`, `与第 ${seen.get(supplier.id)! + 1} 条报价为同一供应商`, `the same supplier as quote ${seen.get(supplier.id)! + 1}`);
      if (amountFen <= 0) bad(`quotes[${i}].amount`, '报价应大于零', 'a quote must be above zero');
      if (supplier && !seen.has(supplier.id)) seen.set(supplier.id, i);
      if (supplier) quotes.push({ supplier, amountFen, attachmentId: quote.attachmentId });
    }
    let proposedSupplier: Supplier | null = null;
    let proposedAmountFen: number | null = null;
    if (dto.supplier !== undefined || dto.amount !== undefined) {
      if (!dto.supplier) bad('supplier', '拟成交供应商与金额须同时填写', 'give the proposed supplier with its amount');
      else {
        proposedSupplier = await this.suppliers.resolve(dto.supplier);
        if (!proposedSupplier) bad('supplier', `供应商“${dto.supplier}”不在供应商库中`, `supplier "${dto.supplier}" is not registered`);
      }
      if (dto.amount === undefined) bad('amount', '拟成交供应商与金额须同时填写', 'give the proposed amount with its supplier');
      else {
        proposedAmountFen = yuanToFen(dto.amount);
        if (proposedAmountFen <= 0) bad('amount', '拟成交金额应大于零', 'the proposed amount must be above zero');
        else if (proposedAmountFen > estimateFen) bad('amount', `拟成交金额不能超过预算 ${fenToYuan(estimateFen)} 元`, `the proposed amount may not exceed the estimate of ${fenToYuan(estimateFen)}`);
      }
    }
    if (errors.length > 0) throw new RequestValidationError(errors);
    return { line: line!, items, estimateFen, method: method!, quotes, proposedSupplier, proposedAmountFen };
  }

  private async storeQuotes(tx: EntityManager, actor: Actor, requestId: string, quotes: Prepared['quotes'], field = 'quotes'): Promise<void> {
    const bindings = quotes.filter((q) => q.attachmentId).map((q) => ({ id: q.attachmentId!, category: QUOTE_CATEGORY }));
    await this.attachments.bind(tx, actor, { kind: PROCUREMENT_REQUEST_KIND, id: requestId }, bindings, field);
    for (const quote of quotes) {
      await tx.getRepository(ProcurementQuote).save(tx.getRepository(ProcurementQuote).create({ requestId, supplierId: quote.supplier.id, amountFen: quote.amountFen, attachmentId: quote.attachmentId ?? null, recordedBy: actor.username }));
    }
  }

  /** A request whose process would not start (or whose reservation was refused) is not kept. */
  private async discard(id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE attachment SET subject_kind = NULL, subject_id = NULL, category = NULL, bound_at = NULL WHERE subject_kind = $1 AND subject_id = $2`, [PROCUREMENT_REQUEST_KIND, id]);
      await tx.query(`DELETE FROM procurement_quote WHERE request_id = $1`, [id]);
      await tx.query(`DELETE FROM procurement_request WHERE id = $1`, [id]);
    });
  }

  /** The approval chain by routing data (routing set's `procurementRoute`): steps from their amounts, a step the requester holds handed on. */
  private chainFor(actor: Actor, amountFen: number, day: string): ApprovalStep[] {
    const route = (this.rules.inForce(ROUTING_SET, day).data.procurementRoute ?? []) as { step: string; fromFen: number; reason: { zh: string; en: string } }[];
    const chain: ApprovalStep[] = [];
    for (const step of route.filter((s) => amountFen >= s.fromFen)) {
      let group = step.step === 'unit-head' ? candidateGroupId('unit-head', actor.unit.code) : step.step;
      let substitutedFor: string | undefined;
      // CLM-SELF-APPROVAL applies to every flow: a head's own request goes to the deputy chief.
      if (actor.groups.includes(group)) {
        substitutedFor = step.step;
        group = 'deputy-chief';
      }
      if (!chain.some((taken) => taken.group === group)) chain.push({ step: substitutedFor ? 'deputy-chief' : step.step, group, reason: step.reason, ...(substitutedFor ? { substitutedFor } : {}) });
    }
    return chain;
  }

  private quotesRequired(request: ProcurementRequest, day: string): number {
    return this.screening.quoteFacts({ ...requestFacts(request, 0, null, null, day) }, this.policy.region(day)).needed;
  }

  async quotesOf(requestId: string): Promise<QuoteView[]> {
    const quotes = await this.dataSource.getRepository(ProcurementQuote).find({ where: { requestId }, order: { amountFen: 'ASC' } });
    return quotes.map((q) => ({ id: q.id, supplierId: q.supplierId, supplier: q.supplier.name, supplierCreditCode: q.supplier.creditCode, amount: fenToYuan(q.amountFen), attachmentId: q.attachmentId, recordedBy: q.recordedBy }));
  }

  private toView(request: ProcurementRequest, quotes: QuoteView[], award: AwardView | null, heldFen: number | null): ProcurementRequestView {
    return {
      id: request.id,
      status: request.status,
      requester: request.requester.username,
      requesterName: request.requester.displayName,
      unit: request.unit.name,
      unitCode: request.unit.code,
      budgetLineId: request.budgetLineId,
      category: request.category,
      items: request.items.map(({ unitPriceFen, amountFen, ...item }) => ({ ...item, unitPrice: fenToYuan(unitPriceFen), amount: fenToYuan(amountFen) })),
      estimate: fenToYuan(request.estimateFen),
      estimateFen: request.estimateFen,
      method: request.method,
      methodName: METHOD_NAMES[request.method].zh,
      proposal: request.proposal,
      tier: request.tier,
      singleSourceReason: request.singleSourceReason,
      neededBy: request.neededBy,
      reason: request.reason,
      proposedSupplier: request.proposedSupplier?.name ?? null,
      proposedAmount: request.proposedAmountFen === null ? null : fenToYuan(request.proposedAmountFen),
      findings: request.findings.map((f: ScreenedFinding) => ({ ruleId: f.ruleId, severity: f.severity, message: f.messageZh, messageEn: f.messageEn, facts: f.facts })),
      route: request.approvalChain.map((step) => step.step),
      approvalChain: request.approvalChain,
      quotes,
      award,
      reserved: heldFen === null ? '' : fenToYuan(heldFen),
      submittedOn: request.submittedOn,
      processInstanceId: request.processInstanceId,
    };
  }
}

function positiveFen(amount: string, field: string): number {
  const fen = yuanToFen(amount);
  if (fen <= 0) throw new RequestValidationError([{ field, message: bilingual('金额应大于零', 'must be above zero') }]);
  return fen;
}
