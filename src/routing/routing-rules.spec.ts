import { defaultWorld, loadRules, World } from '../../test/support/rules-harness';
import { yuanToFen } from '../common/money';
import type { RulesService } from '../rules/rules.service';

const TODAY = '2026-11-23';

function claim(total: string, overrides: { subject?: string; fund?: 'basic' | 'special'; items?: { subject: string }[] } = {}) {
  return {
    id: 'claim-1',
    claimantId: 'u1',
    totalFen: yuanToFen(total),
    budgetLine: { unit: '城西派出所', subject: overrides.subject ?? '30201', fund: overrides.fund ?? 'basic' },
    items: overrides.items ?? [],
    invoices: [],
  };
}

describe('rules/routing.json and rules/claim.json', () => {
  let world: World;
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => world)));
  beforeEach(() => (world = defaultWorld()));

  const route = async (c: ReturnType<typeof claim>, severities: string[] = []) =>
    (await rules.evaluate(rules.inForce('routing', TODAY), { claim: c, findings: severities.map((severity) => ({ severity })), submittedOn: TODAY })).route.map((s) => s.step);

  describe('routing', () => {
    it('sends every claim to the unit head', async () => expect(await route(claim('100.00'))).toEqual(['unit-head']));
    it('adds finance above ¥5,000 and not at exactly ¥5,000.00', async () => {
      expect(await route(claim('5000.00'))).toEqual(['unit-head']);
      expect(await route(claim('5000.01'))).toEqual(['unit-head', 'finance']);
    });
    it('adds finance for a warn or adjust finding, not for info', async () => {
      expect(await route(claim('100.00'), ['warn'])).toEqual(['unit-head', 'finance']);
      expect(await route(claim('100.00'), ['adjust'])).toEqual(['unit-head', 'finance']);
      expect(await route(claim('100.00'), ['info'])).toEqual(['unit-head']);
    });
    it('adds the deputy chief above ¥20,000 and not at exactly ¥20,000.00', async () => {
      expect(await route(claim('20000.00'))).toEqual(['unit-head', 'finance']);
      expect(await route(claim('20000.01'))).toEqual(['unit-head', 'finance', 'deputy-chief']);
    });
    it('adds the deputy chief for a 三公 subject, on the line or on an item', async () => {
      expect(await route(claim('800.00', { subject: '30217' }))).toEqual(['unit-head', 'deputy-chief']);
      expect(await route(claim('800.00', { items: [{ subject: '30231' }] }))).toEqual(['unit-head', 'deputy-chief']);
    });
    it('adds the fund owner after the unit head for a special-fund line', async () => {
      expect(await route(claim('6000.00', { fund: 'special' }))).toEqual(['unit-head', 'fund-owner', 'finance']);
    });
    it('adds the chief above ¥50,000 and not at exactly ¥50,000.00', async () => {
      expect(await route(claim('50000.00'))).toEqual(['unit-head', 'finance', 'deputy-chief']);
      expect(await route(claim('50000.01'))).toEqual(['unit-head', 'finance', 'deputy-chief', 'chief']);
    });
    it('routes a split claim at the combined tier', async () => {
      world.split = { claims: [{ id: 'claim-0', totalFen: 400000, payees: ['某公司'] }], combinedFen: 800000, crossedTierFen: 500000 };
      expect(await route(claim('4000.00'))).toEqual(['unit-head', 'finance']);
    });
    it('reads thresholds from the rule set’s data, so a new version changes them', async () => {
      const current = rules.inForce('routing', TODAY);
      const lower = { ...current, version: 99, data: { ...current.data, thresholdsFen: { finance: 300000, deputyChief: 2000000, chief: 5000000 } } };
      const { route: steps } = await rules.evaluate(lower, { claim: claim('4000.00'), findings: [], submittedOn: TODAY });
      expect(steps.map((s) => s.step)).toEqual(['unit-head', 'finance']);
    });
  });

  describe('auto-approval (自动审批)', () => {
    const decide = async (c: ReturnType<typeof claim>, severities: string[] = []) =>
      rules.evaluate(rules.inForce('routing', TODAY), { claim: c, findings: severities.map((severity) => ({ severity })), submittedOn: TODAY });

    it('approves a clean ¥120 办公费 claim, explaining the limit it is within', async () => {
      const { autoApproved, findings } = await decide(claim('120.00'));
      expect(autoApproved).toBe(true);
      expect(findings).toEqual([expect.objectContaining({ ruleId: 'RTE-AUTO-APPROVE', severity: 'info', autoApprove: true })]);
      expect(findings[0].message.zh).toBe('自动审批：¥120.00 ≤ 办公费限额 ¥500.00，无预警');
      expect(findings[0].facts.autoApproval).toMatchObject({ amountFen: 12000, limitFen: 50000, subject: '30201' });
    });
    it('approves at the limit and not one fen over', async () => {
      expect((await decide(claim('500.00'))).autoApproved).toBe(true);
      expect((await decide(claim('500.01'))).autoApproved).toBe(false);
      expect((await decide(claim('300.00', { subject: '30207' }))).autoApproved).toBe(true);
      expect((await decide(claim('300.01', { subject: '30207' }))).autoApproved).toBe(false);
    });
    it('takes the lowest limit when items name several listed subjects, and none when one is not listed', async () => {
      expect((await decide(claim('250.00', { items: [{ subject: '30239' }] }))).autoApproved).toBe(false);
      expect((await decide(claim('200.00', { items: [{ subject: '30239' }] }))).autoApproved).toBe(true);
      expect((await decide(claim('100.00', { items: [{ subject: '30215' }] }))).autoApproved).toBe(false);
    });
    it('keeps a claim with a warn, adjust or block finding for a person, not one with info', async () => {
      for (const severity of ['warn', 'adjust', 'block']) expect((await decide(claim('120.00'), [severity])).autoApproved).toBe(false);
      expect((await decide(claim('120.00'), ['info'])).autoApproved).toBe(true);
    });
    it('never approves a special-fund line or a 三公 subject by itself', async () => {
      expect((await decide(claim('120.00', { fund: 'special' }))).autoApproved).toBe(false);
      expect((await decide(claim('120.00', { items: [{ subject: '30217' }] }))).autoApproved).toBe(false);
    });
    it('keeps the claim of someone with a recently returned claim or a 不合规 review for a person', async () => {
      world.record = { returnedClaims: 1, nonCompliantReviews: 0 };
      expect((await decide(claim('120.00'))).autoApproved).toBe(false);
      world.record = { returnedClaims: 0, nonCompliantReviews: 1 };
      expect((await decide(claim('120.00'))).autoApproved).toBe(false);
    });
    it('reads the limits from the data, so a new version changes them', async () => {
      const current = rules.inForce('routing', TODAY);
      const data = structuredClone(current.data) as { autoApproval: { limitsFen: Record<string, number> } };
      data.autoApproval.limitsFen['30201'] = 80000;
      const raised = { ...current, version: 99, data };
      expect((await rules.evaluate(raised, { claim: claim('600.00'), findings: [], submittedOn: TODAY })).autoApproved).toBe(true);
    });
  });

  describe('claim checks', () => {
    const check = async (chain: { step: string; group: string }[] = [], claimantGroups: string[] = []) =>
      (await rules.evaluate(rules.inForce('claim', TODAY), { claim: claim('4000.00'), chain, claimantGroups, submittedOn: TODAY })).findings;

    it('CLM-SPLIT warns when claims to one payee cross a tier together, naming them', async () => {
      world.split = { claims: [{ id: 'claim-0', totalFen: 400000, payees: ['某公司'] }], combinedFen: 800000, crossedTierFen: 500000 };
      const [finding] = await check();
      expect(finding).toMatchObject({ ruleId: 'CLM-SPLIT', severity: 'warn' });
      expect(finding.facts.splitClaims).toMatchObject({ combinedFen: 800000, claims: [{ id: 'claim-0' }] });
    });
    it('CLM-SPLIT stays quiet when no tier is crossed', async () => expect(await check()).toEqual([]));
    it('CLM-SELF-APPROVAL notes a step the claimant holds', async () => {
      const [finding] = await check([{ step: 'unit-head', group: 'unit-head:chengxi' }], ['unit-head:chengxi']);
      expect(finding).toMatchObject({ ruleId: 'CLM-SELF-APPROVAL', severity: 'info', facts: { selfApproval: { steps: [{ step: 'unit-head' }] } } });
    });
    it('CLM-SELF-APPROVAL stays quiet when the claimant holds no step', async () =>
      expect(await check([{ step: 'unit-head', group: 'unit-head:chengxi' }], ['unit-head:dachen'])).toEqual([]));
  });
});
