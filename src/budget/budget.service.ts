import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Claim, ClaimStatus } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import { RequestValidationError } from '../common/domain-error';
import { fenToYuan, percentOf, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { candidateGroupId, OrgUnit } from '../org/org.entities';
import { OrgService } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { ownRequest } from '../travel/trip-facts';
import { TripsRepository } from '../travel/trips.repository';
import { Clock } from '../common/clock';
import type { LineFacts } from './budget-facts';
import { BudgetLedger, LineTotals, Movement, MoveOutcome } from './budget-ledger';
import { BudgetAlert, BudgetEntry, BudgetLine } from './budget.entities';
import { BudgetLineConflictError, BudgetLineNotFoundError } from './budget.errors';
import type { CreateBudgetLineDto } from './dto/budget.dto';

/** The subject a travel request's estimate is reserved on. */
const TRAVEL_SUBJECT = '30211';

/** Usage (reserved + committed over allocated) at which the unit head and finance are alerted, in percent. */
const ALERT_THRESHOLDS = [80, 100];

export interface BudgetLineView {
  id: string;
  unit: string;
  unitCode: string;
  year: number;
  subject: string;
  fund: 'basic' | 'special';
  name: string | null;
  subjects: string[];
  ownerGroup: string | null;
  mode: string;
  allocated: string;
  reserved: string;
  committed: string;
  available: string;
  /** Committed over allocated, in percent. */
  executionRate: number;
  /** Reserved and committed over allocated, in percent. */
  usageRate: number;
  lastYearActual: string | null;
  /** Allocations and adjustments (transfers in and out) after the initial allocation; in lists only. */
  adjustments?: string;
}


/**
 * Budget lines and what claims do to them: reserve at screening, commit at final approval,
 * release on reject, withdraw or a smaller resubmission. Every movement goes through the ledger
 * under a key naming the claim, the step and the submission, so a replay moves nothing.
 */
@Injectable()
export class BudgetService implements OnModuleInit {
  private readonly logger = new Logger(BudgetService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BudgetLedger,
    private readonly rules: RulesService,
    private readonly claims: ClaimsService,
    private readonly trips: TripsRepository,
    private readonly clock: Clock,
    private readonly org: OrgService,
  ) {}

  onModuleInit(): void {
    // Ending a claim gives its reservation back in the same transaction.
    this.claims.onRelease((tx, claim, status) => this.releaseForClaim(claim, status === ClaimStatus.WITHDRAWN ? 'withdrawn' : 'rejected', 'claims', tx));
    this.rules.registerFact('budgetLine', async (almanac) => {
      const claim = (await almanac.factValue('claim')) as { id: string; unitId: string; submittedOn: string; budgetLine: Claim['document']['budgetLine']; document?: Claim['document'] };
      return this.lineFacts(claim);
    });
  }

  async createLine(dto: CreateBudgetLineDto, actor: string): Promise<BudgetLineView> {
    const id = await this.dataSource.transaction((tx) => this.createLineWithin(tx, dto, actor));
    return this.view(id);
  }

  /**
   * Creates a line and books its initial allocation (and spending to date) in the caller's
   * transaction, so an import of many lines stores all of them or none. Answers the line's id.
   */
  async createLineWithin(tx: EntityManager, dto: CreateBudgetLineDto, actor: string): Promise<string> {
    const unit = await this.unitByNameOrCode(dto.unit, 'unit', tx);
    const fundName = dto.fund === 'special' ? (dto.name ?? '').trim() : '';
    if (dto.fund === 'special' && !fundName) throw new RequestValidationError([{ field: 'name', message: bilingual('专项经费需要名称', 'a special fund needs a name') }]);
    const existing = await tx.getRepository(BudgetLine).findOne({ where: { unitId: unit.id, fiscalYear: dto.year, subject: dto.subject, fundType: dto.fund, fundName } });
    if (existing) throw new BudgetLineConflictError(existing.id);
    const line = await tx.getRepository(BudgetLine).save(
      tx.getRepository(BudgetLine).create({
        unitId: unit.id,
        fiscalYear: dto.year,
        subject: dto.subject,
        fundType: dto.fund,
        fundName,
        fundSubjects: dto.fund === 'special' ? dto.subjects ?? [dto.subject] : [],
        ownerGroup: dto.fund === 'special' ? dto.ownerGroup ?? candidateGroupId('fund-owner', unit.code) : null,
        controlMode: dto.mode,
        lastYearActualFen: dto.lastYearActual === undefined ? null : yuanToFen(dto.lastYearActual),
        allocatedFen: 0,
        reservedFen: 0,
        committedFen: 0,
      }),
    );
    const movements: Movement[] = [];
    if (yuanToFen(dto.allocated) > 0) {
      movements.push({ lineId: line.id, kind: 'allocate', amountFen: yuanToFen(dto.allocated), operationKey: `line:${line.id}:allocate:initial`, actor, reason: '年初预算批复 initial allocation' });
    }
    if (dto.spentThisYear && yuanToFen(dto.spentThisYear) > 0) {
      movements.push({ lineId: line.id, kind: 'spend', amountFen: yuanToFen(dto.spentThisYear), operationKey: `line:${line.id}:spend:opening`, actor, reason: '本年已发生支出（期初导入） spending to date, imported' });
    }
    if (movements.length > 0) await this.ledger.moveWithin(tx, movements);
    this.logger.log(`${actor} created budget line ${line.id}: ${unit.name} ${dto.year} ${dto.subject} ${dto.fund} ${fundName} ${dto.allocated}`);
    return line.id;
  }

  /** Finance adds to (or, with a negative amount, takes from) a line's allocation; never below what is used. */
  async allocate(lineId: string, amount: string, reason: string, actor: string, idempotencyKey?: string): Promise<{ outcome: MoveOutcome['result']; line: BudgetLineView }> {
    await this.findLine(lineId);
    const negative = amount.startsWith('-');
    const amountFen = yuanToFen(negative ? amount.slice(1) : amount) * (negative ? -1 : 1);
    if (amountFen === 0) throw new RequestValidationError([{ field: 'amount', message: bilingual('金额不能为零', 'must not be zero') }]);
    const outcome = await this.ledger.move({
      lineId,
      kind: negative ? 'adjust' : 'allocate',
      amountFen,
      operationKey: `line:${lineId}:allocation:${idempotencyKey ?? randomUUID()}`,
      actor,
      reason,
      enforceAvailable: true,
    });
    if (outcome.result === 'insufficient') {
      throw new RequestValidationError([{ field: 'amount', message: bilingual(`调减后可用余额将为负数（可用 ${fenToYuan(outcome.totals.availableFen)} 元）`, `the line has only ${fenToYuan(outcome.totals.availableFen)} available`) }]);
    }
    await this.alertIfCrossed(lineId, outcome.totals);
    return { outcome: outcome.result, line: await this.view(lineId) };
  }

  async list(filter: { unit?: string; year?: number }): Promise<BudgetLineView[]> {
    const query = this.dataSource.getRepository(BudgetLine).createQueryBuilder('line').leftJoinAndSelect('line.unit', 'unit').orderBy('unit.code').addOrderBy('line.fiscalYear').addOrderBy('line.subject');
    if (filter.unit) query.andWhere('(unit.name = :unit OR unit.code = :unit)', { unit: filter.unit });
    if (filter.year) query.andWhere('line.fiscalYear = :year', { year: filter.year });
    const lines = await query.getMany();
    // Allocations and adjustments after the initial allocation, by line.
    const changes: { line_id: string; fen: string }[] = lines.length
      ? await this.dataSource.query(
          `SELECT line_id, sum(amount_fen) AS fen FROM budget_entry
           WHERE kind IN ('allocate', 'adjust') AND line_id = ANY($1) AND operation_key NOT LIKE 'line:%:allocate:initial' GROUP BY line_id`,
          [lines.map((l) => l.id)],
        )
      : [];
    const byLine = new Map(changes.map((c) => [c.line_id, Number(c.fen)]));
    return lines.map((line) => ({ ...this.toView(line), adjustments: fenToYuan(byLine.get(line.id) ?? 0) }));
  }

  async view(lineId: string): Promise<BudgetLineView> {
    return this.toView(await this.findLine(lineId));
  }

  async entries(lineId: string): Promise<{ id: string; kind: string; amount: string; claimId: string | null; travelRequestId: string | null; operationKey: string; actor: string; reason: string; at: string }[]> {
    await this.findLine(lineId);
    const rows = await this.dataSource.getRepository(BudgetEntry).find({ where: { lineId }, order: { id: 'ASC' } });
    return rows.map((e) => ({ id: e.id, kind: e.kind, amount: fenToYuan(e.amountFen), claimId: e.claimId, travelRequestId: e.travelRequestId, operationKey: e.operationKey, actor: e.actor, reason: e.reason, at: e.createdAt.toISOString() }));
  }

  async alerts(groups: string[]): Promise<{ id: string; lineId: string; unit: string; subject: string; threshold: number; usage: number; message: string; messageEn: string; at: string }[]> {
    const rows = await this.dataSource.getRepository(BudgetAlert).createQueryBuilder('alert').leftJoinAndSelect('alert.line', 'line').leftJoinAndSelect('line.unit', 'unit')
      .where('alert.recipients && :groups', { groups }).orderBy('alert.createdAt', 'DESC').take(200).getMany();
    return rows.map((a) => ({ id: a.id, lineId: a.lineId, unit: a.line.unit.name, subject: a.line.subject, threshold: a.thresholdPct, usage: Number(a.usagePct), message: a.messageZh, messageEn: a.messageEn, at: a.createdAt.toISOString() }));
  }

  /**
   * The line a claim charges: its unit's line for the submission year, subject and fund. A special fund
   * is named only where the unit has several for the subject; otherwise its one special line is it.
   */
  async lineForClaim(claim: { unitId: string; submittedOn: string; budgetLine: Claim['document']['budgetLine'] }): Promise<BudgetLine | null> {
    const candidates = await this.linesForSubject(claim);
    if (claim.budgetLine.fund === 'basic') return candidates.find((line) => line.fundName === '') ?? null;
    const name = (claim.budgetLine.name ?? '').trim();
    if (name) return candidates.find((line) => line.fundName === name) ?? null;
    return candidates.length === 1 ? candidates[0] : null;
  }

  private linesForSubject(claim: { unitId: string; submittedOn: string; budgetLine: Claim['document']['budgetLine'] }): Promise<BudgetLine[]> {
    return this.dataSource.getRepository(BudgetLine).find({
      where: { unitId: claim.unitId, fiscalYear: Number(claim.submittedOn.slice(0, 4)), subject: claim.budgetLine.subject, fundType: claim.budgetLine.fund },
    });
  }

  /** What the budget rules see of the claim's line; `known.line` when the caller has looked it up already. */
  async lineFacts(claim: { id: string; unitId: string; submittedOn: string; budgetLine: Claim['document']['budgetLine']; document?: Claim['document'] }, known?: { line: BudgetLine | null }): Promise<LineFacts> {
    const year = Number(claim.submittedOn.slice(0, 4));
    const line = known ? known.line : await this.lineForClaim(claim);
    if (!line) {
      const specialFunds = claim.budgetLine.fund === 'special' ? (await this.linesForSubject(claim)).map((l) => l.fundName) : [];
      const sought = { fiscalYear: year, subject: claim.budgetLine.subject, fund: claim.budgetLine.fund, name: claim.budgetLine.name ?? null, specialFunds };
      return { found: false, lineId: null, fiscalYear: year, controlMode: 'FORBID', fundType: null, fundName: null, fundSubjects: [], availableFen: 0, heldByClaimFen: 0, takeoverFen: 0, usedByOthersFen: 0, lastYearActualFen: null, sought };
    }
    const onLine = (await this.ledger.standing({ claimId: claim.id })).find((h) => h.lineId === line.id);
    const held = onLine?.heldFen ?? 0;
    const committedByClaim = onLine?.committedFen ?? 0;
    const takeoverFen = (await this.requestReservations(claim, line.id)).reduce((sum, r) => sum + r.heldFen, 0);
    return {
      found: true,
      lineId: line.id,
      fiscalYear: year,
      controlMode: line.controlMode,
      fundType: line.fundType,
      fundName: line.fundName || null,
      fundSubjects: line.fundSubjects,
      availableFen: line.allocatedFen - line.reservedFen - line.committedFen,
      heldByClaimFen: held,
      takeoverFen,
      usedByOthersFen: line.reservedFen + line.committedFen - held - committedByClaim - takeoverFen,
      lastYearActualFen: line.lastYearActualFen,
    };
  }

  /**
   * Makes the claim hold exactly `targetFen` on its line: reserves the increase (refused under
   * FORBID when not available) or releases the decrease of a smaller resubmission.
   */
  async reserveForClaim(claim: Pick<Claim, 'id' | 'submission' | 'document' | 'unitId' | 'submittedOn'>, line: BudgetLine, targetFen: number, actor: string, heldFen?: number): Promise<MoveOutcome | null> {
    const held = heldFen ?? (await this.ledger.heldBy({ claimId: claim.id })).find((h) => h.lineId === line.id)?.heldFen ?? 0;
    const delta = targetFen - held;
    // The claim takes over what its trips' travel requests reserved, in the same transaction.
    const takeovers: Movement[] = delta > 0
      ? (await this.requestReservations(claim, line.id)).map((r) => ({
          // Booked to the request only: what the claim holds is counted from its own entries.
          lineId: line.id, kind: 'release' as const, amountFen: r.heldFen, travelRequestId: r.requestId,
          operationKey: `request:${r.requestId}:taken-over:${claim.id}`, actor, reason: `报销单承接出差申请的预算占用 taken over by claim ${claim.id}`,
        }))
      : [];
    if (delta === 0) return null;
    const movement: Movement = delta > 0
      ? { lineId: line.id, kind: 'reserve', amountFen: delta, claimId: claim.id, operationKey: `claim:${claim.id}:reserve:${claim.submission}`, actor, reason: `报销单占用预算 claim submission ${claim.submission}`, enforceAvailable: line.controlMode === 'FORBID' }
      : { lineId: line.id, kind: 'release', amountFen: -delta, claimId: claim.id, operationKey: `claim:${claim.id}:reduce:${claim.submission}`, actor, reason: `重新提交金额减少，释放差额 resubmitted with a smaller amount` };
    const outcomes = await this.ledger.moveAll([...takeovers, movement]);
    const last = outcomes[outcomes.length - 1];
    await this.alertIfCrossed(line.id, last.totals);
    return last;
  }

  /** A travel request reserves its estimate on the traveller unit's travel line, when the line can cover it. */
  async reserveForRequest(request: { id: string; unitId: string; estimateFen: number }, actor: string): Promise<'reserved' | 'insufficient' | 'no-line'> {
    const line = await this.dataSource.getRepository(BudgetLine).findOne({
      where: { unitId: request.unitId, fiscalYear: Number(this.clock.today().slice(0, 4)), subject: TRAVEL_SUBJECT, fundType: 'basic', fundName: '' },
    });
    if (!line) return 'no-line';
    if (request.estimateFen === 0) return 'reserved';
    const outcome = await this.ledger.move({
      lineId: line.id, kind: 'reserve', amountFen: request.estimateFen, travelRequestId: request.id, operationKey: `request:${request.id}:reserve`, actor,
      reason: '出差申请占用预算 travel request estimate', enforceAvailable: line.controlMode === 'FORBID',
    });
    await this.alertIfCrossed(line.id, outcome.totals);
    return outcome.result === 'insufficient' ? 'insufficient' : 'reserved';
  }

  async releaseForRequest(requestId: string, actor: string): Promise<void> {
    const movements: Movement[] = (await this.ledger.heldBy({ travelRequestId: requestId })).map(({ lineId, heldFen }) => ({
      lineId, kind: 'release', amountFen: heldFen, travelRequestId: requestId, operationKey: `request:${requestId}:release:${lineId}`, actor, reason: '出差申请未获批准，释放占用 travel request rejected',
    }));
    if (movements.length > 0) await this.ledger.moveAll(movements);
  }

  /** What the approved requests the claim's trips stand on hold on a line. */
  private async requestReservations(claim: { document?: Claim['document']; budgetLine?: unknown; id: string }, lineId: string): Promise<{ requestId: string; heldFen: number }[]> {
    const trips = claim.document?.trips ?? [];
    const result: { requestId: string; heldFen: number }[] = [];
    for (const trip of trips) {
      const traveller = await this.org.findUserByUsername(trip.traveller);
      if (!traveller) continue;
      const { requests } = await this.trips.near(traveller.id, trip.start, trip.end, { claimId: claim.id, position: -1 });
      const own = ownRequest(trip, requests);
      if (!own || result.some((r) => r.requestId === own.id)) continue;
      const held = (await this.ledger.heldBy({ travelRequestId: own.id })).find((h) => h.lineId === lineId)?.heldFen ?? 0;
      if (held > 0) result.push({ requestId: own.id, heldFen: held });
    }
    return result;
  }

  /** At final approval: commits the reimbursable amount and releases the rest of the reservation. */
  async commitForClaim(claim: Pick<Claim, 'id' | 'submission' | 'reimbursableFen' | 'totalFen'>, actor: string): Promise<void> {
    let payable = claim.reimbursableFen ?? claim.totalFen;
    const movements: Movement[] = [];
    for (const { lineId, heldFen } of await this.ledger.heldBy({ claimId: claim.id })) {
      const commit = Math.min(payable, heldFen);
      payable -= commit;
      if (commit > 0) movements.push({ lineId, kind: 'commit', amountFen: commit, claimId: claim.id, operationKey: `claim:${claim.id}:commit:${claim.submission}:${lineId}`, actor, reason: '审批通过，确认支出 final approval' });
      if (heldFen - commit > 0) movements.push({ lineId, kind: 'release', amountFen: heldFen - commit, claimId: claim.id, operationKey: `claim:${claim.id}:commit-release:${claim.submission}:${lineId}`, actor, reason: '核减部分释放 the part cut by the standards is released' });
    }
    if (movements.length === 0) return;
    const outcomes = await this.ledger.moveAll(movements);
    // Each line's totals after its last movement (never refused: commits and releases take no money).
    const totalsByLine = new Map(movements.map((movement, i) => [movement.lineId, outcomes[i].totals]));
    for (const [lineId, totals] of totalsByLine) await this.alertIfCrossed(lineId, totals);
  }

  /** Gives back everything a claim holds: on reject, withdraw, or a budget block. */
  async releaseForClaim(claim: Pick<Claim, 'id' | 'submission'>, why: 'rejected' | 'withdrawn' | 'blocked', actor: string, tx?: EntityManager): Promise<void> {
    const reasons = { rejected: '驳回，释放占用 rejected', withdrawn: '撤回，释放占用 withdrawn', blocked: '预算校验未通过，释放占用 blocked by a budget rule' };
    const movements: Movement[] = (await this.ledger.heldBy({ claimId: claim.id }, tx)).map(({ lineId, heldFen }) => ({
      lineId,
      kind: 'release',
      amountFen: heldFen,
      claimId: claim.id,
      operationKey: `claim:${claim.id}:release:${why}:${claim.submission}:${lineId}`,
      actor,
      reason: reasons[why],
    }));
    if (movements.length === 0) return;
    if (tx) await this.ledger.moveWithin(tx, movements);
    else await this.ledger.moveAll(movements);
  }

  async totals(lineId: string): Promise<LineTotals> {
    return this.ledger.totals(lineId);
  }

  /**
   * Keeps an alert once per line and threshold when usage crosses it, judged by the totals the
   * line's movement answered; the line is loaded only when a threshold is passed (for the alert's words).
   */
  private async alertIfCrossed(lineId: string, totals: LineTotals): Promise<void> {
    if (totals.allocatedFen <= 0) return;
    const usage = percentOf(totals.reservedFen + totals.committedFen, totals.allocatedFen);
    const crossed = ALERT_THRESHOLDS.filter((t) => usage >= t);
    if (crossed.length === 0) return;
    const line = await this.findLine(lineId);
    for (const threshold of crossed) {
      const inserted = await this.dataSource.query(
        `INSERT INTO budget_alert (line_id, threshold_pct, usage_pct, recipients, message_zh, message_en) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (line_id, threshold_pct) DO NOTHING RETURNING id`,
        [
          lineId,
          threshold,
          usage,
          [candidateGroupId('unit-head', line.unit.code), 'finance'],
          `${line.unit.name} ${line.fiscalYear}年 ${line.subject} 预算已使用 ${usage}%，超过 ${threshold}% 预警线`,
          `${line.unit.name} ${line.fiscalYear} ${line.subject}: ${usage}% of the budget is used, past the ${threshold}% mark`,
        ],
      );
      if (inserted.length > 0) this.logger.warn(`budget line ${lineId} crossed ${threshold}% (${usage}%)`);
    }
  }

  private async findLine(id: string): Promise<BudgetLine> {
    // find, not findOne: with the eager unit, findOne's limit costs a second query.
    const [line] = isUuid(id) ? await this.dataSource.getRepository(BudgetLine).find({ where: { id } }) : [];
    if (!line) throw new BudgetLineNotFoundError(id);
    return line;
  }

  private async unitByNameOrCode(value: string, field: string, db: EntityManager = this.dataSource.manager): Promise<OrgUnit> {
    const unit = await db.getRepository(OrgUnit).findOne({ where: [{ name: value }, { code: value }] });
    if (!unit) throw new RequestValidationError([{ field, message: bilingual(`单位“${value}”不存在`, `unit "${value}" does not exist`) }]);
    return unit;
  }

  private toView(line: BudgetLine): BudgetLineView {
    const available = line.allocatedFen - line.reservedFen - line.committedFen;
    return {
      id: line.id,
      unit: line.unit.name,
      unitCode: line.unit.code,
      year: line.fiscalYear,
      subject: line.subject,
      fund: line.fundType,
      name: line.fundName || null,
      subjects: line.fundSubjects,
      ownerGroup: line.ownerGroup,
      mode: line.controlMode,
      allocated: fenToYuan(line.allocatedFen),
      reserved: fenToYuan(line.reservedFen),
      committed: fenToYuan(line.committedFen),
      available: fenToYuan(available),
      executionRate: percentOf(line.committedFen, line.allocatedFen),
      usageRate: percentOf(line.reservedFen + line.committedFen, line.allocatedFen),
      lastYearActual: line.lastYearActualFen === null ? null : fenToYuan(line.lastYearActualFen),
    };
  }
}
