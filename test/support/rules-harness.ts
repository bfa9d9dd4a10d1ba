/**
 * Unit-spec harness for rule sets: the real rules/*.json through the real RulesService, with the
 * versions kept in memory and the facts that look things up in the database answered from `world`.
 */
import type { FactProvider } from '../../src/rules/rule-registry';
import type { RuleSetDefinition } from '../../src/rules/rule-set-definition';
import type { RuleSetStore, StoredRuleSet } from '../../src/rules/rule-set.store';
import { RulesService } from '../../src/rules/rules.service';
import type { TripStandards } from '../../src/standards/standards-facts';
import type { EarlierTrips } from '../../src/travel/trip-facts';
import type { SplitFacts } from '../../src/routing/split-facts';
import type { InvoiceRegistryFacts } from '../../src/invoices/invoice-registry';
import type { LineFacts } from '../../src/budget/budget-facts';

export class InMemoryRuleSetStore {
  readonly rows: StoredRuleSet[] = [];

  async stamp(): Promise<number> {
    return this.rows.length;
  }

  async all(): Promise<StoredRuleSet[]> {
    return [...this.rows].sort((a, b) => a.definition.set.localeCompare(b.definition.set) || a.definition.version - b.definition.version);
  }

  async addShipped(definition: RuleSetDefinition, origin: string): Promise<boolean> {
    if (this.rows.some((r) => r.definition.set === definition.set && r.definition.version === definition.version)) return false;
    this.rows.push({ definition, createdBy: origin, createdAt: new Date() });
    return true;
  }

  async addNext(definition: Omit<RuleSetDefinition, 'version'>, createdBy: string): Promise<RuleSetDefinition> {
    const version = Math.max(0, ...this.rows.filter((r) => r.definition.set === definition.set).map((r) => r.definition.version)) + 1;
    const stored = { ...definition, version };
    this.rows.push({ definition: stored, createdBy, createdAt: new Date() });
    return stored;
  }
}

/** What the database would answer; each spec sets the parts it needs. */
export interface World {
  registry: InvoiceRegistryFacts;
  earlier: EarlierTrips;
  standards: TripStandards;
  split: SplitFacts;
  line: LineFacts;
  /** The claimant's returned claims and 不合规 reviews within the routing set's cleanRecordDays. */
  record: { returnedClaims: number; nonCompliantReviews: number };
  /** The procurement facts the database and the threshold data would give a request. */
  procurement: { method: object; quotes: object; split: object; concentration: object };
}

export const HANGZHOU_STANDARDS: TripStandards = {
  tier: 'other',
  lodging: { 杭州: { city: '杭州', perNightFen: 40000, peakMonths: [], peakUpliftPct: 0, source: 'sample' } },
  mealPerDayFen: 10000,
  transportPerDayFen: 8000,
  allowanceSource: '*',
  seatClasses: { train: ['硬座', '硬卧', '无座', '二等座'], air: ['经济舱'], ship: ['三等舱'] },
};

export function defaultWorld(): World {
  return {
    registry: { invoiceKey: 'x', heldElsewhere: false, otherClaim: null },
    earlier: { trips: [], requests: [{ id: 'request-1', destination: '杭州', start: '2026-10-13', end: '2026-10-15' }] },
    standards: structuredClone(HANGZHOU_STANDARDS),
    split: { claims: [], combinedFen: 0, crossedTierFen: null },
    record: { returnedClaims: 0, nonCompliantReviews: 0 },
    procurement: {
      method: { laxer: false },
      quotes: { short: false },
      split: { openTender: { exceeds: false }, internal: { exceeds: false } },
      concentration: { counted: false },
    },
    line: {
      found: true,
      lineId: 'line-1',
      fiscalYear: 2026,
      controlMode: 'FORBID',
      fundType: 'basic',
      fundName: null,
      fundSubjects: [],
      availableFen: 5_000_000,
      heldByClaimFen: 0,
      takeoverFen: 0,
      usedByOthersFen: 0,
      lastYearActualFen: null,
    },
  };
}

export async function loadRules(world: () => World): Promise<{ rules: RulesService; store: InMemoryRuleSetStore }> {
  const store = new InMemoryRuleSetStore();
  const rules = new RulesService(store as unknown as RuleSetStore);
  const fakes: Record<string, FactProvider> = {
    invoiceRegistry: async () => world().registry,
    earlierTrips: async () => world().earlier,
    travelStandards: async () => world().standards,
    splitClaims: async () => world().split,
    budgetLine: async () => world().line,
    claimantRecord: async () => world().record,
    procurementMethod: async () => world().procurement.method,
    procurementQuotes: async () => world().procurement.quotes,
    procurementSplit: async () => world().procurement.split,
    supplierConcentration: async () => world().procurement.concentration,
  };
  for (const [name, provider] of Object.entries(fakes)) rules.registerFact(name, provider);
  await rules.loadAll();
  return { rules, store };
}
