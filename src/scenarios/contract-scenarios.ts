import type { ChainContext, ChainOutcome, ChainScenario, ChainSubmitter } from './chain-scenarios';
import { ArrangeError } from './scenario-runner';

type LineRef = { unit: string; subject: string; fund: 'basic' | 'special'; name?: string };

/** A signed contract as chain cases give it (`given.contracts`), and the fields of a `contract` submission. */
interface GivenContract {
  ref: string;
  unit: string;
  budgetLine: LineRef;
  supplier: string;
  amount: string;
  awardAmount: string;
  awardedOn: string;
  signedOn: string;
  bond?: string;
  supplementOf?: string;
  milestones: { name: string; amount?: string; percent?: number; condition: string }[];
  deliveredOn?: string;
  acceptedOn?: string;
  warrantyEndsOn?: string;
  payments?: { milestone: string; amount: string; paidOn: string }[];
}

/** A contract number unique to the run: the case's ref with the world's tag. */
const numbered = (context: ChainContext, ref: string) => `${ref}-${context.world.tag}`;
const unitCode = (context: ChainContext, name: string) => context.world.units.get(name)?.code ?? name;
const line = (context: ChainContext, ref: LineRef) => ({ ...ref, unit: unitCode(context, ref.unit) });
const supplier = (context: ChainContext, name: string) => context.suppliers.get(name) ?? name;

/**
 * The case's signed contracts, imported as an administrator would (procurement), with what was
 * delivered, accepted and paid; answers each ref's contract id.
 */
async function importGivenContracts(context: ChainContext): Promise<Map<string, string>> {
  const given = (context.scenario.given?.contracts ?? []) as GivenContract[];
  const ids = new Map<string, string>();
  if (given.length === 0) return ids;
  const keeper = await context.runner.demo('hesong');
  const imported = await keeper.ok('POST', '/api/contracts/import', {
    contracts: given.map((c) => ({ ...c, ref: numbered(context, c.ref), unit: unitCode(context, c.unit), budgetLine: line(context, c.budgetLine), supplier: supplier(context, c.supplier), supplementOf: c.supplementOf ? numbered(context, c.supplementOf) : undefined })),
  });
  for (const row of imported.contracts as { ref: string; id: string }[]) ids.set(row.ref, row.id);
  return ids;
}

async function screened(context: ChainContext, client: Awaited<ReturnType<ChainContext['runner']['demo']>>, path: string): Promise<ChainOutcome> {
  return context.runner.waitFor(async () => {
    const record = await client.ok('GET', path);
    return record.status === 'SCREENING' ? undefined : { id: record.id, status: record.status, findings: record.findings };
  }, `screening of ${path}`);
}

/** A contract as its submitter files it: from an award made as the case says, or supplementing a given contract. */
export const submitContract: ChainSubmitter = async (context, submit) => {
  const contracts = await importGivenContracts(context);
  const c = submit as unknown as GivenContract & ChainScenario['submit'];
  const client = await context.runner.person(context.world, c.submitter);
  const terms = { title: c.ref, amount: c.amount, bond: c.bond, signedOn: c.signedOn, milestones: c.milestones };
  let body: Record<string, unknown>;
  if (c.supplementOf) {
    const original = contracts.get(numbered(context, c.supplementOf));
    if (!original) throw new ArrangeError(`contract ${c.supplementOf} is not given`);
    body = { ...terms, supplementOf: original };
  } else {
    const award = await (await context.runner.demo('hesong')).ok('POST', '/api/procurement/awards/import', {
      awards: [{ unit: unitCode(context, c.unit), budgetLine: line(context, c.budgetLine), category: 'A02010104', method: '询价', supplier: supplier(context, c.supplier), amount: c.awardAmount, awardedOn: c.awardedOn }],
    });
    body = { ...terms, awardId: award.awards[0] };
  }
  const created = await client.ok('POST', '/api/contracts', body);
  return screened(context, client, `/api/contracts/${created.id}`);
};

/** A payment of a given contract's milestone, as its submitter asks for it. */
export const submitContractPayment: ChainSubmitter = async (context, submit) => {
  const contracts = await importGivenContracts(context);
  const p = submit as unknown as { submitter: string; contract: string; milestone: string; amount: string; payeeAccount: string };
  const contractId = contracts.get(numbered(context, p.contract));
  if (!contractId) throw new ArrangeError(`contract ${p.contract} is not given`);
  const contract = await (await context.runner.demo('hesong')).ok('GET', `/api/contracts/${contractId}`);
  const milestone = (contract.milestones as { id: string; name: string }[]).find((m) => m.name === p.milestone);
  if (!milestone) throw new ArrangeError(`contract ${p.contract} has no milestone ${p.milestone}`);
  const client = await context.runner.person(context.world, p.submitter);
  const created = await client.ok('POST', '/api/contract-payments', { contractId, milestoneId: milestone.id, amount: p.amount, payeeAccount: p.payeeAccount });
  return screened(context, client, `/api/contract-payments/${created.id}`);
};
