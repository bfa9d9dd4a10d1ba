import { defaultWorld, loadRules } from '../../test/support/rules-harness';
import type { RulesService } from '../rules/rules.service';
import { uncardedCheck, UncardedLineInput } from './asset-facts';

const ACCEPTED = '2026-11-01';

describe('rules/asset.json', () => {
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => defaultWorld())));

  const line = (over: Partial<UncardedLineInput> = {}): UncardedLineInput => ({ item: '执法记录仪', acceptedOn: ACCEPTED, quantity: 2, carded: 0, ...over });
  const screen = async (l: UncardedLineInput, day: string) => (await rules.evaluate(rules.inForce('asset', day), { line: l, submittedOn: day })).findings;

  describe('AST-UNCARDED', () => {
    it('warns on the 30th day after acceptance with units still uncarded, naming the item, the days and how many', async () => {
      const [finding] = await screen(line({ carded: 1 }), '2026-12-01');
      expect(finding).toMatchObject({ ruleId: 'AST-UNCARDED', severity: 'warn', facts: { assetUncarded: { days: 30, uncarded: 1, limitDays: 30, dueOn: '2026-12-01' } } });
      expect(finding.message.zh).toContain('执法记录仪于 2026-11-01 验收，已过 30 天，仍有 1 件未建资产卡片');
    });
    it('is silent on the 29th day', async () => {
      expect(await screen(line(), '2026-11-30')).toEqual([]);
    });
    it('is silent once every unit has its card, however late', async () => {
      expect(await screen(line({ carded: 2 }), '2027-03-01')).toEqual([]);
    });
    it('keeps its 30 days as data with the source', () => {
      expect(rules.inForce('asset', ACCEPTED).data).toMatchObject({ uncardedDays: 30, sources: { uncardedDays: expect.stringContaining('第二十二条') } });
    });
  });

  it('counts a fractional quantity as a whole unit to card', () => {
    expect(uncardedCheck(line({ quantity: 1.5, carded: 1 }), '2026-12-05', 30)).toMatchObject({ uncarded: 1, late: true });
  });
});
