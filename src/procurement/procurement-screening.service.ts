import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToYuan } from '../common/money';
import { preparedQuery } from '../database/prepared-query';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding } from '../screening/screened-finding';
import type { Supplier } from '../suppliers/supplier.entity';
import { methodCheck, quotesNeeded } from './method-proposal';
import { METHOD_NAMES, ProcurementMethod } from './procurement-methods';
import { PROCUREMENT_SET, ProcurementPolicy } from './procurement-policy';
import type { ProcurementRequest } from './procurement-request.entity';

/** What the procurement rules see of a request (or of an award being made on it). */
export interface RequestFacts {
  id: string | null;
  unitId: string;
  budgetLineId: string;
  category: string;
  /** The amount the thresholds are judged on: the estimate (the items' sum). */
  estimateFen: number;
  method: ProcurementMethod;
  quotes: number;
  /** The proposed (or the awarded) supplier and amount, when there is one. */
  supplierId: string | null;
  supplierName: string | null;
  awardFen: number | null;
  /** The day judged: the submission (or award) day. */
  day: string;
}

/** The rules' view of a stored request, with the quotes counted and the supplier and amount proposed or awarded. */
export function requestFacts(request: ProcurementRequest, quotes: number, supplier: Supplier | null, amountFen: number | null, day: string): RequestFacts {
  return {
    id: request.id,
    unitId: request.unitId,
    budgetLineId: request.budgetLineId,
    category: request.category,
    estimateFen: request.estimateFen,
    method: request.method,
    quotes,
    supplierId: supplier?.id ?? null,
    supplierName: supplier?.name ?? null,
    awardFen: supplier ? amountFen : null,
    day,
  };
}

interface ConcentrationPolicy {
  months: number;
  minAwards: number;
  sharePercent: number;
  maxAwards: number;
  source?: string;
}

export interface ConcentrationFacts {
  counted: boolean;
  supplierId: string | null;
  supplier: string | null;
  unitId: string;
  category: string;
  from: string;
  to: string;
  supplierAwards: number;
  supplierFen: number;
  supplierAmount: string;
  categoryAwards: number;
  categoryFen: number;
  categoryAmount: string;
  sharePercent: number;
  includesProposed: boolean;
  thresholds: ConcentrationPolicy;
}

const AWARD_LIST_LIMIT = 20;

/**
 * The procurement rule set's facts and its evaluation. The facts add up earlier awards in the
 * database with the indexes of the award table (split: line, category, days; concentration: unit,
 * category, days) and carry what they added up, the threshold and where it comes from.
 */
@Injectable()
export class ProcurementScreeningService implements OnModuleInit {
  constructor(private readonly dataSource: DataSource, private readonly rules: RulesService, private readonly policy: ProcurementPolicy) {}

  onModuleInit(): void {
    const requestOf = async (almanac: { factValue(name: string): Promise<unknown> }) => (await almanac.factValue('request')) as RequestFacts | undefined;
    const policyOf = async (almanac: { factValue(name: string): Promise<unknown> }) => (await almanac.factValue('policy')) as Record<string, unknown>;
    this.rules.registerFact('procurementMethod', async (almanac) => {
      const request = await requestOf(almanac);
      return request ? this.methodFacts(request, String((await policyOf(almanac)).region ?? 'city-county')) : { laxer: false };
    });
    this.rules.registerFact('procurementQuotes', async (almanac) => {
      const request = await requestOf(almanac);
      return request ? this.quoteFacts(request, String((await policyOf(almanac)).region ?? 'city-county')) : { short: false };
    });
    this.rules.registerFact('procurementSplit', async (almanac) => {
      const request = await requestOf(almanac);
      return request ? this.splitFacts(request, String((await policyOf(almanac)).region ?? 'city-county')) : { openTender: { exceeds: false }, internal: { exceeds: false } };
    });
    this.rules.registerFact('supplierConcentration', async (almanac) => {
      const request = await requestOf(almanac);
      return request ? this.concentrationFacts(request, (await policyOf(almanac)).concentration as ConcentrationPolicy) : { counted: false };
    });
  }

  /** The findings of the version in force on the request's day, and that version. */
  async screen(request: RequestFacts): Promise<{ findings: ScreenedFinding[]; definition: RuleSetDefinition }> {
    const definition = this.rules.inForce(PROCUREMENT_SET, request.day);
    return { findings: await this.evaluate(request, definition), definition };
  }

  async evaluate(request: RequestFacts, definition: RuleSetDefinition): Promise<ScreenedFinding[]> {
    const { findings } = await this.rules.evaluate(definition, { request, submittedOn: request.day });
    return findings.map((finding) => screenedFinding(finding, definition, {}));
  }

  /** Whether the rule set in force marks a supplier's standing in a unit's category as concentrated (the register's view). */
  async concentrationMarked(facts: ConcentrationFacts, day: string): Promise<boolean> {
    const definition = this.rules.inForce(PROCUREMENT_SET, day);
    const { findings } = await this.rules.evaluate(definition, {
      submittedOn: day,
      supplierConcentration: facts,
      procurementMethod: { laxer: false },
      procurementQuotes: { short: false },
      procurementSplit: { openTender: { exceeds: false }, internal: { exceeds: false } },
    });
    return findings.some((finding) => finding.ruleId === 'PROC-SUPPLIER-CONCENTRATION');
  }

  concentrationPolicy(day: string): ConcentrationPolicy {
    return this.rules.inForce(PROCUREMENT_SET, day).data.concentration as ConcentrationPolicy;
  }

  methodFacts(request: RequestFacts, region: string) {
    const proposal = this.policy.propose(request.category, request.estimateFen, request.day, region);
    const version = this.policy.on(request.day, region);
    return {
      ...methodCheck(request.method, proposal),
      proposed: proposal.proposed,
      proposedName: METHOD_NAMES[proposal.proposed].zh,
      amountFen: request.estimateFen,
      amount: fenToYuan(request.estimateFen),
      category: request.category,
      kind: proposal.kind,
      centralised: proposal.centralised,
      reasons: proposal.reasons,
      thresholds: { ...proposal.thresholds, source: { decentralised: version.decentralisedSource, openTender: version.openTenderSource, centralised: version.centralised.source } },
    };
  }

  quoteFacts(request: RequestFacts, region: string) {
    const version = this.policy.on(request.day, region);
    const needed = quotesNeeded(request.method, request.estimateFen, version);
    return {
      // No quotes yet means sourcing comes after approval; the award is checked then.
      short: request.quotes > 0 && request.quotes < needed,
      given: request.quotes,
      needed,
      method: request.method,
      methodName: METHOD_NAMES[request.method].zh,
      source: request.method === 'self' ? version.internalQuotes.source : version.quotesSource,
    };
  }

  /**
   * 化整为零: this fiscal year's awards of the request's line and category — by methods other than
   * open tender against the 公开招标数额标准, and those below the 分散采购限额标准 against that limit —
   * with this purchase, when this purchase alone is below the threshold (above it, PROC-METHOD speaks).
   */
  async splitFacts(request: RequestFacts, region: string) {
    const proposal = this.policy.propose(request.category, request.estimateFen, request.day, region);
    const version = this.policy.on(request.day, region);
    const year = request.day.slice(0, 4);
    const limit = proposal.thresholds.decentralisedLimitFen;
    const open = proposal.thresholds.openTenderFen;
    const rows: { id: string; amount_fen: string; awarded_on: string; method: ProcurementMethod; supplier: string; non_tender_fen: string; non_tender_count: string; internal_fen: string; internal_count: string }[] = await preparedQuery(
      this.dataSource,
      `SELECT a.id, a.amount_fen, to_char(a.awarded_on, 'YYYY-MM-DD') AS awarded_on, a.method, s.name AS supplier,
              coalesce(sum(a.amount_fen) FILTER (WHERE a.method <> 'open-tender') OVER (), 0) AS non_tender_fen,
              count(*) FILTER (WHERE a.method <> 'open-tender') OVER () AS non_tender_count,
              coalesce(sum(a.amount_fen) FILTER (WHERE a.amount_fen < $5 AND a.method NOT IN ('open-tender', 'centralised')) OVER (), 0) AS internal_fen,
              count(*) FILTER (WHERE a.amount_fen < $5 AND a.method NOT IN ('open-tender', 'centralised')) OVER () AS internal_count
       FROM procurement_award a JOIN supplier s ON s.id = a.supplier_id
       WHERE a.budget_line_id = $1 AND a.category = $2 AND a.awarded_on BETWEEN $3::date AND $4::date
         AND a.request_id IS DISTINCT FROM $6::uuid
       ORDER BY a.awarded_on DESC LIMIT ${AWARD_LIST_LIMIT}`,
      [request.budgetLineId, request.category, `${year}-01-01`, `${year}-12-31`, limit, request.id],
    );
    const first = rows[0];
    const nonTenderFen = Number(first?.non_tender_fen ?? 0);
    const internalFen = Number(first?.internal_fen ?? 0);
    const current = request.awardFen ?? request.estimateFen;
    const awards = rows.map((row) => ({ id: row.id, amount: fenToYuan(Number(row.amount_fen)), awardedOn: row.awarded_on, method: METHOD_NAMES[row.method].zh, supplier: row.supplier }));
    const internalCandidate = current < limit && request.method !== 'open-tender' && request.method !== 'centralised';
    return {
      fiscalYear: Number(year),
      budgetLineId: request.budgetLineId,
      category: request.category,
      currentFen: current,
      current: fenToYuan(current),
      awards,
      awardsListed: `${awards.length} of ${Math.max(Number(first?.non_tender_count ?? 0), Number(first?.internal_count ?? 0))}`,
      openTender: {
        exceeds: request.method !== 'open-tender' && current < open && nonTenderFen > 0 && nonTenderFen + current > open,
        earlierFen: nonTenderFen,
        earlier: fenToYuan(nonTenderFen),
        earlierAwards: Number(first?.non_tender_count ?? 0),
        totalFen: nonTenderFen + current,
        total: fenToYuan(nonTenderFen + current),
        thresholdFen: open,
        threshold: fenToYuan(open),
        source: version.openTenderSource,
      },
      internal: {
        exceeds: internalCandidate && internalFen > 0 && internalFen + current > limit,
        earlierFen: internalFen,
        earlier: fenToYuan(internalFen),
        earlierAwards: Number(first?.internal_count ?? 0),
        totalFen: internalFen + current,
        total: fenToYuan(internalFen + current),
        thresholdFen: limit,
        threshold: fenToYuan(limit),
        source: version.decentralisedSource,
      },
    };
  }

  /** The supplier's awards of the unit's category over the window, counting the proposed award. */
  async concentrationFacts(request: RequestFacts, policy: ConcentrationPolicy): Promise<ConcentrationFacts> {
    const from = monthsBefore(request.day, policy.months);
    const base = { supplierId: request.supplierId, supplier: request.supplierName, unitId: request.unitId, category: request.category, from, to: request.day, thresholds: policy };
    if (!request.supplierId || request.awardFen === null) {
      return { ...base, counted: false, supplierAwards: 0, supplierFen: 0, supplierAmount: '0.00', categoryAwards: 0, categoryFen: 0, categoryAmount: '0.00', sharePercent: 0, includesProposed: false };
    }
    const [row]: { supplier_awards: string; supplier_fen: string; category_awards: string; category_fen: string }[] = await preparedQuery(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE supplier_id = $5) AS supplier_awards, coalesce(sum(amount_fen) FILTER (WHERE supplier_id = $5), 0) AS supplier_fen,
              count(*) AS category_awards, coalesce(sum(amount_fen), 0) AS category_fen
       FROM procurement_award
       WHERE unit_id = $1 AND category = $2 AND awarded_on > $3::date AND awarded_on <= $4::date AND request_id IS DISTINCT FROM $6::uuid`,
      [request.unitId, request.category, from, request.day, request.supplierId, request.id],
    );
    return concentrationOf({ ...base, supplierAwards: Number(row.supplier_awards) + 1, supplierFen: Number(row.supplier_fen) + request.awardFen, categoryAwards: Number(row.category_awards) + 1, categoryFen: Number(row.category_fen) + request.awardFen, includesProposed: true });
  }
}

/**
 * Concentration facts from counts and sums: the supplier's share of the category's amount in percent,
 * rounded up at the second place so that "more than 50 %" holds exactly when the share is above half.
 */
export function concentrationOf(counts: Omit<ConcentrationFacts, 'counted' | 'supplierAmount' | 'categoryAmount' | 'sharePercent'>): ConcentrationFacts {
  return {
    ...counts,
    counted: true,
    supplierAmount: fenToYuan(counts.supplierFen),
    categoryAmount: fenToYuan(counts.categoryFen),
    sharePercent: counts.categoryFen > 0 ? Math.ceil((counts.supplierFen * 10000) / counts.categoryFen) / 100 : 0,
  };
}

/** The day `months` calendar months before (the window is (from, day]). */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
