import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLAIM_KIND, ClaimsService } from '../claims/claims.service';
import { fenToYuan } from '../common/money';
import type { Actor } from '../org/org.service';
import { OrgService } from '../org/org.service';
import type { Subject, SubjectLink } from '../subjects/subject';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { SubjectRegistry } from '../subjects/subject-registry';
import { TRAVEL_REQUEST_KIND } from '../travel/travel-requests.service';
import { BUDGET_ADJUSTMENT_PROCESS, BudgetAdjustmentsService } from './budget-adjustments.service';
import { BudgetLedger } from './budget-ledger';
import { BudgetAdjustment } from './budget.entities';
import { BudgetForbiddenError } from './budget.errors';
import { BudgetLineView, BudgetService } from './budget.service';
import { BudgetVisibility } from './budget-visibility';

export const BUDGET_ADJUSTMENT_KIND = 'budget-adjustment';
/** Who reads every adjustment: finance proposes them, the leaders approve the special ones. */
const READ_ADJUSTMENTS = ['finance', 'deputy-chief', 'chief'];

/**
 * Registers budget adjustments as subjects, and the budget's links of every subject that moves
 * money: a claim's line and its ledger entries, a travel request's entries, an adjustment's two lines.
 */
@Injectable()
export class BudgetSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly adjustments: BudgetAdjustmentsService,
    private readonly budget: BudgetService,
    private readonly ledger: BudgetLedger,
    private readonly claims: ClaimsService,
    private readonly org: OrgService,
    private readonly involvement: SubjectInvolvement,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: BUDGET_ADJUSTMENT_KIND,
      label: { zh: '预算调整', en: 'Budget adjustment' },
      processKeys: [BUDGET_ADJUSTMENT_PROCESS],
      linkOf: (id) => `/subjects/${BUDGET_ADJUSTMENT_KIND}/${id}`,
      load: async (ids) => this.subjects(await this.adjustments.findByIds(ids)),
      loadByInstances: async (ids) => this.subjects(await this.adjustments.findByProcessInstanceIds(ids)),
      assertVisible: (actor, id) => this.assertMayReadAdjustment(actor, id),
    });
    this.registry.contributeLinks({ kinds: Object.values(CLAIM_KIND), links: (claim, actor) => this.claimLinks(claim, actor) });
    this.registry.contributeLinks({ kinds: [TRAVEL_REQUEST_KIND], links: (request) => this.entries(`e.travel_request_id = $1`, request.id) });
    this.registry.contributeLinks({ kinds: [BUDGET_ADJUSTMENT_KIND], links: (adjustment, actor) => this.adjustmentLinks(adjustment, actor) });
  }

  private async assertMayReadAdjustment(actor: Actor, id: string): Promise<void> {
    const [adjustment] = await this.adjustments.findByIds([id]);
    if (!adjustment) await this.adjustments.view(id); // throws the adjustment's not-found error
    if (actor.groups.some((g) => READ_ADJUSTMENTS.includes(g)) || adjustment.proposedBy === actor.username) return;
    if (await this.involvement.involves({ kind: BUDGET_ADJUSTMENT_KIND, id }, actor.username)) return;
    throw new BudgetForbiddenError('预算调整只对财务、局领导和经办人开放', 'Budget adjustments are open to finance, the leaders and those who worked them');
  }

  private async subjects(adjustments: BudgetAdjustment[]): Promise<Subject[]> {
    const names = await this.org.displayNames(adjustments.map((a) => a.proposedBy));
    return adjustments.map((a) => ({
      kind: BUDGET_ADJUSTMENT_KIND,
      id: a.id,
      processInstanceId: a.processInstanceId,
      submitter: a.proposedBy,
      submitterName: names.get(a.proposedBy) ?? a.proposedBy,
      unitCode: a.fromLine.unit.code,
      unitName: a.fromLine.unit.name,
      amountFen: a.amountFen,
      title: a.reason,
      status: a.status,
      submittedOn: a.createdAt.toISOString().slice(0, 10),
      link: `/subjects/${BUDGET_ADJUSTMENT_KIND}/${a.id}`,
      chain: null,
      clean: true,
    }));
  }

  /** The line the claim charges, with what the claim holds on it, when the viewer may see the line; and the claim's own ledger entries. */
  private async claimLinks(subject: Subject, actor: Actor): Promise<SubjectLink[]> {
    const claim = await this.claims.findOrFail(subject.id);
    const line = await this.budget.lineForClaim({ unitId: claim.unitId, submittedOn: claim.submittedOn, budgetLine: claim.document.budgetLine });
    const links: SubjectLink[] = [];
    if (line && this.mayReadLine(actor, line.unit.code)) {
      const held = (await this.ledger.heldBy({ claimId: claim.id })).find((h) => h.lineId === line.id)?.heldFen ?? 0;
      links.push(lineLink(await this.budget.view(line.id), { heldBySubject: fenToYuan(held) }));
    }
    return [...links, ...(await this.entries(`e.claim_id = $1`, claim.id))];
  }

  private async adjustmentLinks(subject: Subject, actor: Actor): Promise<SubjectLink[]> {
    const [adjustment] = await this.adjustments.findByIds([subject.id]);
    if (!adjustment) return [];
    const lines: SubjectLink[] = [];
    for (const [lineId, unitCode, role] of [[adjustment.fromLineId, adjustment.fromLine.unit.code, 'from'], [adjustment.toLineId, adjustment.toLine.unit.code, 'to']] as const) {
      if (this.mayReadLine(actor, unitCode)) lines.push(lineLink(await this.budget.view(lineId), { role }));
    }
    return [...lines, ...(await this.entries(`e.operation_key LIKE $1`, `adjustment:${adjustment.id}:%`))];
  }

  private mayReadLine(actor: Actor, unitCode: string): boolean {
    try {
      BudgetVisibility.assertMayReadLine(actor, unitCode);
      return true;
    } catch {
      return false;
    }
  }

  /** Ledger entries that belong to the subject (its own movements), oldest first. */
  private async entries(where: string, value: string): Promise<SubjectLink[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT e.id, e.kind, e.amount_fen, e.operation_key, e.actor, e.reason, e.created_at, l.subject, u.name AS unit
       FROM budget_entry e JOIN budget_line l ON l.id = e.line_id JOIN org_unit u ON u.id = l.unit_id
       WHERE ${where} ORDER BY e.id`,
      [value],
    );
    return rows.map((e) => ({
      relation: 'ledger-entry',
      kind: null,
      id: String(e.id),
      title: e.reason,
      fields: { kind: e.kind, amount: fenToYuan(Number(e.amount_fen)), line: `${e.unit} ${e.subject}`, operationKey: e.operation_key, actor: e.actor, reason: e.reason, at: new Date(e.created_at).toISOString() },
      link: null,
    }));
  }
}

function lineLink(line: BudgetLineView, extra: Record<string, string>): SubjectLink {
  return {
    relation: 'budget-line',
    kind: null,
    id: line.id,
    title: `${line.unit} ${line.year} ${line.subject}${line.name ? ` ${line.name}` : ''}`,
    fields: { unit: line.unit, subject: line.subject, fund: line.fund, allocated: line.allocated, reserved: line.reserved, committed: line.committed, available: line.available, executionRate: line.executionRate, ...extra },
    link: '/budget',
  };
}
