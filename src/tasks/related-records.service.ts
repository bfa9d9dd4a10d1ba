import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BudgetLedger } from '../budget/budget-ledger';
import { BudgetLineView, BudgetService } from '../budget/budget.service';
import { ClaimsService } from '../claims/claims.service';
import { fenToYuan } from '../common/money';
import type { Actor } from '../org/org.service';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export interface RelatedRecords {
  /** The line the claim is charged to, with what this claim holds on it. */
  budgetLine: (BudgetLineView & { heldByClaim: string }) | null;
  ledger: { id: string; kind: string; amount: string; line: string; operationKey: string; actor: string; reason: string; at: string }[];
  travelRequests: { id: string; traveller: string; destination: string; start: string; end: string; estimate: string; status: string }[];
  claims: { id: string; type: string; claimant: string; claimantName: string; purpose: string; total: string; status: string; submittedOn: string }[];
  invoices: { number: string; kind: string | null; total: string; seller: string | null; date: string | null }[];
}

/**
 * 关联查询: everything an approver looks at beside the claim — the budget line and its ledger
 * entries for this claim, the invoices, and the travel requests and earlier claims the screening
 * rules looked at (named in the findings' facts).
 */
@Injectable()
export class RelatedRecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: ClaimsService,
    private readonly budget: BudgetService,
    private readonly ledger: BudgetLedger,
  ) {}

  async related(actor: Actor, claimId: string): Promise<RelatedRecords> {
    await this.claims.view(actor, claimId);
    const claim = await this.claims.findOrFail(claimId);
    const findings = await this.claims.findingsOf(claimId);
    const mentioned = new Set([...JSON.stringify([findings.map((f) => f.facts), claim.document]).matchAll(UUID)].map((m) => m[0]).filter((id) => id !== claimId));

    const line = await this.budget.lineForClaim({ unitId: claim.unitId, submittedOn: claim.submittedOn, budgetLine: claim.document.budgetLine });
    const held = line ? (await this.ledger.heldBy({ claimId })).find((h) => h.lineId === line.id)?.heldFen ?? 0 : 0;
    const budgetLine = line ? { ...(await this.budget.view(line.id)), heldByClaim: fenToYuan(held) } : null;

    const ids = [...mentioned];
    const [entries, requests, claims] = await Promise.all([
      this.dataSource.query(
        `SELECT e.id, e.kind, e.amount_fen, e.operation_key, e.actor, e.reason, e.created_at, l.subject, u.name AS unit
         FROM budget_entry e JOIN budget_line l ON l.id = e.line_id JOIN org_unit u ON u.id = l.unit_id
         WHERE e.claim_id = $1 ORDER BY e.id`,
        [claimId],
      ),
      ids.length
        ? this.dataSource.query(
            `SELECT r.id, t.display_name AS traveller, r.destination, r.start_day, r.end_day, r.estimate_fen, r.status
             FROM travel_request r JOIN app_user t ON t.id = r.traveller_id WHERE r.id = ANY($1::uuid[]) ORDER BY r.start_day`,
            [ids],
          )
        : [],
      ids.length
        ? this.dataSource.query(
            `SELECT c.id, c.type, u.username, u.display_name, c.document->>'purpose' AS purpose, c.total_fen, c.status, c.submitted_on
             FROM claim c JOIN app_user u ON u.id = c.claimant_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.submitted_on`,
            [ids],
          )
        : [],
    ]);
    return {
      budgetLine,
      ledger: entries.map((e: any) => ({ id: String(e.id), kind: e.kind, amount: fenToYuan(Number(e.amount_fen)), line: `${e.unit} ${e.subject}`, operationKey: e.operation_key, actor: e.actor, reason: e.reason, at: new Date(e.created_at).toISOString() })),
      travelRequests: requests.map((r: any) => ({ id: r.id, traveller: r.traveller, destination: r.destination, start: dayText(r.start_day), end: dayText(r.end_day), estimate: fenToYuan(Number(r.estimate_fen)), status: r.status })),
      claims: claims.map((c: any) => ({ id: c.id, type: c.type, claimant: c.username, claimantName: c.display_name, purpose: c.purpose, total: fenToYuan(Number(c.total_fen)), status: c.status, submittedOn: dayText(c.submitted_on) })),
      invoices: (claim.document.invoices ?? []).map((invoice) => ({
        number: invoice.number,
        kind: (invoice as { kind?: string }).kind ?? null,
        total: String(invoice.total),
        seller: invoice.sellerName ?? null,
        date: invoice.date ?? null,
      })),
    };
  }
}

function dayText(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
