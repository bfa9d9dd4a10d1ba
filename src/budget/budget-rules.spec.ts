import { defaultWorld, loadRules, World } from '../../test/support/rules-harness';
import { yuanToFen } from '../common/money';
import type { RulesService } from '../rules/rules.service';

const TODAY = '2026-11-23';
const claim = (total: string, subject = '30211', items: { subject: string }[] = []) => ({
  id: 'claim-1',
  unitId: 'unit-1',
  submittedOn: TODAY,
  totalFen: yuanToFen(total),
  budgetLine: { unit: '城西派出所', subject, fund: 'basic' },
  items,
});

describe('rules/budget.json', () => {
  let world: World;
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => world)));
  beforeEach(() => (world = defaultWorld()));

  const screen = async (c: ReturnType<typeof claim>) => (await rules.evaluate(rules.inForce('budget', TODAY), { claim: c, submittedOn: TODAY })).findings;
  const fired = async (c: ReturnType<typeof claim>) => (await screen(c)).map((f) => `${f.ruleId}:${f.severity}`).sort();

  describe('BUD-INSUFFICIENT', () => {
    it('blocks under FORBID when the available amount does not cover the claim', async () => {
      world.line.availableFen = 100_000;
      const [finding] = await screen(claim('1000.01'));
      expect(finding).toMatchObject({ ruleId: 'BUD-INSUFFICIENT', severity: 'block', facts: { budgetNeed: { shortFen: 1, availableFen: 100_000 } } });
    });
    it('passes exactly at the available amount', async () => {
      world.line.availableFen = 100_000;
      expect(await fired(claim('1000.00'))).toEqual([]);
    });
    it('counts what the claim already holds from an earlier submission', async () => {
      world.line.availableFen = 0;
      world.line.heldByClaimFen = 100_000;
      expect(await fired(claim('1000.00'))).toEqual([]);
    });
    it('counts what the trip’s travel request holds, which the claim takes over', async () => {
      world.line.availableFen = 50_000;
      world.line.takeoverFen = 150_000;
      expect(await fired(claim('2000.00'))).toEqual([]);
      expect(await fired(claim('2000.01'))).toEqual(['BUD-INSUFFICIENT:block']);
    });
    it('warns under WARN and says nothing under ALLOW', async () => {
      world.line.availableFen = 0;
      world.line.controlMode = 'WARN';
      expect(await fired(claim('10.00'))).toEqual(['BUD-INSUFFICIENT:warn']);
      world.line.controlMode = 'ALLOW';
      expect(await fired(claim('10.00'))).toEqual([]);
    });
    it('says nothing of the available amount when the unit has no line: that is BUD-NO-LINE', async () => {
      world.line = { ...world.line, found: false, lineId: null, availableFen: 0 };
      expect(await fired(claim('10.00'))).toEqual(['BUD-NO-LINE:block']);
    });
  });

  describe('BUD-NO-LINE', () => {
    it('blocks, saying what was looked for, when the unit has no line for the year, subject and fund', async () => {
      world.line = { ...world.line, found: false, lineId: null, availableFen: 0, sought: { fiscalYear: 2026, subject: '30215', fund: 'basic', name: null, specialFunds: [] } };
      const [finding] = await screen(claim('10.00', '30215'));
      expect(finding).toMatchObject({ ruleId: 'BUD-NO-LINE', severity: 'block', facts: { budgetLine: { found: false, sought: { subject: '30215' } } } });
    });
    it('does not fire when the line exists', async () => {
      world.line.availableFen = 100_000;
      expect(await fired(claim('10.00'))).toEqual([]);
    });
  });

  describe('BUD-SPECIAL-FUND', () => {
    beforeEach(() => {
      world.line = { ...world.line, fundType: 'special', fundName: '智慧警务建设专项', fundSubjects: ['30201', '30299'] };
    });
    it('blocks a subject outside the fund’s purpose, naming it', async () => {
      const [finding] = await screen(claim('500.00', '30201', [{ subject: '30217' }]));
      expect(finding).toMatchObject({ ruleId: 'BUD-SPECIAL-FUND', severity: 'block', facts: { specialFundCheck: { outside: ['30217'] } } });
    });
    it('allows the fund’s own subjects', async () => expect(await fired(claim('500.00', '30201', [{ subject: '30299' }]))).toEqual([]));
  });

  describe('BUD-SANGONG', () => {
    beforeEach(() => {
      world.line = { ...world.line, lastYearActualFen: 2_000_000, usedByOthersFen: 1_900_000 };
    });
    it('blocks a 三公 claim that would take this year past last year’s actual', async () => {
      const [finding] = await screen(claim('1000.01', '30217'));
      expect(finding).toMatchObject({ ruleId: 'BUD-SANGONG', severity: 'block', facts: { sangongCheck: { yearToDateFen: 1_900_000, overFen: 1 } } });
    });
    it('allows exactly reaching last year’s actual', async () => expect(await fired(claim('1000.00', '30217'))).toEqual([]));
    it('does not apply to a subject outside 三公', async () => expect(await fired(claim('5000.00', '30201'))).toEqual([]));
  });
});
