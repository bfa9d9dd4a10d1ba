import { addDays, daysBetween } from '../common/days';
import { isoDayInChina } from '../common/clock';
import { ArrangeError, Client, ScenarioResult, ScenarioRunner, World } from './scenario-runner';
import { submitContract, submitContractPayment } from './contract-scenarios';

/**
 * Chain scenarios (shared/acceptance/README.md, `chain.json`): procurement requests, contracts and
 * contract payments. Each case's dates are shifted by the days from its `asOf` to today; its `given`
 * (budget lines, suppliers, earlier awards …) is arranged through the API as an administrator's data
 * import would; its `submit` goes to the submitter for its `type` in CHAIN_SUBMITTERS.
 */

type LineRef = { unit: string; subject: string; fund: 'basic' | 'special'; name?: string };

export interface ChainScenario {
  id: string;
  title: string;
  asOf?: string;
  given?: {
    budget?: (LineRef & { allocated: string; mode: string; spentThisYear?: string; lastYearActual?: string })[];
    suppliers?: { name: string; creditCode: string; sme?: boolean; account?: string }[];
    awards?: { unit: string; budgetLine: LineRef; category: string; method: string; supplier: string; amount: string; awardedOn: string; noticeOn?: string }[];
    [more: string]: unknown;
  };
  submit: { type: string; submitter: string; [field: string]: unknown };
  expect: { findings: string[]; status: string; tier?: string; [more: string]: unknown };
}

/** What a submitter concluded: the record, its findings and status, and whatever else the case may expect. */
export interface ChainOutcome {
  id: string;
  status: string;
  findings: { ruleId: string }[];
  [more: string]: unknown;
}

/** What a chain submitter gets: the runner's primitives, the case's world and its arranged suppliers. */
export interface ChainContext {
  runner: ScenarioRunner;
  world: World;
  scenario: ChainScenario;
  /** Supplier names of the case → their credit codes (one supplier per code, whoever registered it). */
  suppliers: Map<string, string>;
}

export type ChainSubmitter = (context: ChainContext, submit: ChainScenario['submit']) => Promise<ChainOutcome>;

/** Files a procurement request as the submitter, with the case's quotes and proposed award, and waits for screening. */
const submitProcurementRequest: ChainSubmitter = async (context, submit) => {
  const { runner, world } = context;
  const client = await runner.person(world, submit.submitter);
  const supplierRef = (name: unknown) => context.suppliers.get(String(name)) ?? String(name);
  const line = submit.budgetLine as LineRef;
  const body = {
    budgetLine: { subject: line.subject, fund: line.fund, name: line.name },
    category: submit.category,
    items: submit.items,
    method: submit.method,
    reason: `场景 ${context.scenario.id}：${context.scenario.title}`.slice(0, 500),
    ...(submit.quotes ? { quotes: (submit.quotes as { supplier: string; amount: string }[]).map((q) => ({ ...q, supplier: supplierRef(q.supplier) })) } : {}),
    ...(submit.supplier ? { supplier: supplierRef(submit.supplier) } : {}),
    ...(submit.amount ? { amount: submit.amount } : {}),
    ...(submit.singleSourceReason ? { singleSourceReason: submit.singleSourceReason } : {}),
  };
  const created = await client.ok('POST', '/api/procurement/requests', body);
  const request = await runner.waitFor(async () => {
    const view = await client.ok('GET', `/api/procurement/requests/${created.id}`);
    return view.status === 'SCREENING' ? undefined : view;
  }, `screening of procurement request ${created.id}`);
  return { id: request.id, status: request.status, findings: request.findings, tier: request.tier };
};

/** The submitters by `submit.type`; each feature of the chain adds its own. */
export const CHAIN_SUBMITTERS: Record<string, ChainSubmitter> = {
  'procurement-request': submitProcurementRequest,
  contract: (context, submit) => submitContract(context, submit),
  'contract-payment': (context, submit) => submitContractPayment(context, submit),
};

export function isChainScenario(scenario: unknown): scenario is ChainScenario {
  return typeof scenario === 'object' && scenario !== null && 'submit' in scenario;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The case with every day moved by `days` (the case means the same when run later). */
export function shiftDays<T>(value: T, days: number): T {
  if (days === 0) return value;
  if (typeof value === 'string') return (DAY.test(value) ? addDays(value, days) : value) as T;
  if (Array.isArray(value)) return value.map((item) => shiftDays(item, days)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'asOf' ? item : shiftDays(item, days)])) as T;
  return value;
}

export async function runChainScenario(runner: ScenarioRunner, asWritten: ChainScenario): Promise<ScenarioResult> {
  const today = isoDayInChina(new Date());
  const scenario = asWritten.asOf ? shiftDays(asWritten, daysBetween(asWritten.asOf, today)) : asWritten;
  try {
    const submitter = CHAIN_SUBMITTERS[scenario.submit.type];
    if (!submitter) throw new ArrangeError(`no submitter for submit.type ${scenario.submit.type}`);
    const context = await arrange(runner, scenario);
    const outcome = await submitter(context, scenario.submit);
    return { id: scenario.id, title: scenario.title, claimId: outcome.id, ...compareChain(scenario.expect, outcome) };
  } catch (error) {
    const text = error instanceof ArrangeError ? `could not arrange or submit: ${error.message}` : String((error as Error).stack ?? error);
    return { id: scenario.id, title: scenario.title, passed: false, differences: [text] };
  }
}

async function arrange(runner: ScenarioRunner, scenario: ChainScenario): Promise<ChainContext> {
  const given = scenario.given ?? {};
  const units = [String(scenario.submit.unit ?? ''), ...(given.budget ?? []).map((b) => b.unit), ...(given.awards ?? []).map((a) => a.unit)].filter(Boolean);
  const world = await runner.world(scenario.id, units, [scenario.submit.submitter]);
  await runner.budgetLines(world, given.budget ?? []);
  const keeper = await runner.demo('hesong');
  const suppliers = await registerSuppliers(keeper, given.suppliers ?? []);
  if (given.awards?.length) {
    await keeper.ok('POST', '/api/procurement/awards/import', {
      awards: given.awards.map((award) => ({
        ...award,
        unit: world.units.get(award.unit)?.code ?? award.unit,
        budgetLine: { ...award.budgetLine, unit: world.units.get(award.budgetLine.unit)?.code ?? award.budgetLine.unit },
        supplier: suppliers.get(award.supplier) ?? award.supplier,
      })),
    });
  }
  return { runner, world, scenario, suppliers };
}

/** Registers each supplier once per credit code; one registered before (an earlier run) is used as it is. */
async function registerSuppliers(keeper: Client, suppliers: NonNullable<ChainScenario['given']>['suppliers'] & object): Promise<Map<string, string>> {
  const byName = new Map<string, string>();
  for (const supplier of suppliers) {
    const created = await keeper.call('POST', '/api/suppliers', { name: supplier.name, creditCode: supplier.creditCode, sme: supplier.sme ?? false, account: supplier.account });
    if (created.status >= 300 && created.status !== 409) throw new ArrangeError(`supplier ${supplier.name}: ${created.status} ${JSON.stringify(created.body)}`);
    byName.set(supplier.name, supplier.creditCode);
  }
  return byName;
}

/** The differences between what a chain case expects and what the product concluded. */
export function compareChain(expect: ChainScenario['expect'], outcome: ChainOutcome): { passed: boolean; differences: string[] } {
  const differences: string[] = [];
  const got = [...new Set(outcome.findings.map((f) => f.ruleId))].sort();
  const wanted = [...new Set(expect.findings)].sort();
  if (JSON.stringify(got) !== JSON.stringify(wanted)) differences.push(`findings: expected [${wanted.join(', ')}], got [${got.join(', ')}]`);
  if (outcome.status !== expect.status) differences.push(`status: expected ${expect.status}, got ${outcome.status}`);
  if (expect.tier !== undefined && outcome.tier !== expect.tier) differences.push(`tier: expected ${expect.tier}, got ${String(outcome.tier)}`);
  return { passed: differences.length === 0, differences };
}
