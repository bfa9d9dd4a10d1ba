import { defaultWorld, loadRules, World } from '../../test/support/rules-harness';
import type { RulesService } from '../rules/rules.service';
import { concentrationOf, monthsBefore } from './procurement-screening.service';

describe('the procurement rule set', () => {
  let world: World;
  let rules: RulesService;
  beforeAll(async () => {
    ({ rules } = await loadRules(() => world));
  });
  beforeEach(() => {
    world = defaultWorld();
  });

  const fired = async () => (await rules.evaluate(rules.inForce('procurement', '2026-12-06'), { request: {}, submittedOn: '2026-12-06' })).findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
  const concentration = (supplierAwards: number, supplierFen: number, categoryAwards: number, categoryFen: number) =>
    concentrationOf({ supplierId: 's', supplier: '样例公司', unitId: 'u', category: 'C0401', from: '2025-12-06', to: '2026-12-06', thresholds: { months: 12, minAwards: 3, sharePercent: 50, maxAwards: 5 }, includesProposed: true, supplierAwards, supplierFen, categoryAwards, categoryFen });

  it('blocks a laxer method and short quotes, and warns of splitting', async () => {
    world.procurement.method = { laxer: true, chosenName: '询价' };
    world.procurement.quotes = { short: true, given: 2, needed: 3 };
    world.procurement.split = { openTender: { exceeds: true }, internal: { exceeds: false } };
    expect(await fired()).toEqual(['PROC-METHOD:block', 'PROC-QUOTES:block', 'PROC-SPLIT:warn']);
  });

  it('warns when a supplier holds three awards and more than half the amount', async () => {
    world.procurement.concentration = concentration(3, 5_000_001, 4, 10_000_000);
    expect(await fired()).toEqual(['PROC-SUPPLIER-CONCENTRATION:warn']);
  });

  it('says nothing at exactly half the amount with three awards', async () => {
    world.procurement.concentration = concentration(3, 5_000_000, 4, 10_000_000);
    expect(await fired()).toEqual([]);
  });

  it('says nothing of two awards however large their share', async () => {
    world.procurement.concentration = concentration(2, 9_000_000, 2, 9_000_000);
    expect(await fired()).toEqual([]);
  });

  it('warns of five awards whatever their share, and not of four small ones', async () => {
    world.procurement.concentration = concentration(5, 50_000, 20, 10_000_000);
    expect(await fired()).toEqual(['PROC-SUPPLIER-CONCENTRATION:warn']);
    world.procurement.concentration = concentration(4, 40_000, 20, 10_000_000);
    expect(await fired()).toEqual([]);
  });

  it('rounds a share up so that one fen over half is more than 50 %', () => {
    expect(concentration(3, 5_000_001, 4, 10_000_000).sharePercent).toBe(50.01);
    expect(concentration(3, 5_000_000, 4, 10_000_000).sharePercent).toBe(50);
  });

  it('counts twelve calendar months back, the end of a shorter month kept', () => {
    expect(monthsBefore('2026-12-06', 12)).toBe('2025-12-06');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
  });
});
