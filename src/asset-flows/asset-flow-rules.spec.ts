import { defaultWorld, loadRules } from '../../test/support/rules-harness';
import type { RulesService } from '../rules/rules.service';
import { disposalChain, transferChain } from './asset-flow-routing';
import { AuthorityLine, DisposalCardInput, lifeEndsOn } from './asset-flow-rules';

const TODAY = '2026-12-06';

describe('rules/asset-disposal.json', () => {
  let rules: RulesService;
  beforeAll(async () => ({ rules } = await loadRules(() => defaultWorld())));

  const screen = async (cards: DisposalCardInput[]) => (await rules.evaluate(rules.inForce('asset-disposal', TODAY), { cards, submittedOn: TODAY })).findings;
  const authority = () => rules.inForce('asset-disposal', TODAY).data.authority as AuthorityLine[];

  describe('AST-DISPOSAL-EARLY', () => {
    it('warns of a card whose useful life ends after today, naming it and the day its life ends', async () => {
      const [finding] = await screen([{ number: 'ZC2024-000001', acceptedOn: '2024-03-15', usefulLifeMonths: 72 }, { number: 'ZC2018-000001', acceptedOn: '2018-01-10', usefulLifeMonths: 72 }]);
      expect(finding).toMatchObject({ ruleId: 'AST-DISPOSAL-EARLY', severity: 'warn', facts: { disposalEarly: { count: 1, cards: [{ number: 'ZC2024-000001', lifeEndsOn: '2030-03-15' }] } } });
      expect(finding.message.zh).toContain('ZC2024-000001（2030-03-15 到期）');
    });
    it('stays quiet on the day the life ends, and for a class that is not depreciated', async () => {
      expect(await screen([{ number: 'ZC2020-000001', acceptedOn: '2020-12-06', usefulLifeMonths: 72 }, { number: 'ZC2026-000009', acceptedOn: '2026-01-01', usefulLifeMonths: null }])).toEqual([]);
    });
    it('warns the day before the life ends', async () => {
      expect((await screen([{ number: 'ZC2020-000002', acceptedOn: '2020-12-07', usefulLifeMonths: 72 }])).map((f) => f.ruleId)).toEqual(['AST-DISPOSAL-EARLY']);
    });
  });

  it('ends a life on the month’s last day when the accepted day does not exist in it', () => {
    expect(lifeEndsOn('2020-01-31', 1)).toBe('2020-02-29');
    expect(lifeEndsOn('2020-08-31', 72)).toBe('2026-08-31');
  });

  describe('disposal authority (sample lines, data)', () => {
    it('sends a disposal below ¥50,000 to the unit head and finance, up to ¥500,000 to the deputy chief, above to the chief', () => {
      expect(disposalChain('chengxi', 4_999_999, authority(), []).map((s) => s.group)).toEqual(['unit-head:chengxi', 'finance']);
      expect(disposalChain('chengxi', 5_000_000, authority(), []).map((s) => s.group)).toEqual(['unit-head:chengxi', 'finance', 'deputy-chief']);
      expect(disposalChain('chengxi', 50_000_000, authority(), []).map((s) => s.group)).toEqual(['unit-head:chengxi', 'finance', 'deputy-chief', 'chief']);
    });
    it('says where the lines come from and that they are sample data', () => {
      expect(String((rules.inForce('asset-disposal', TODAY).data.sources as Record<string, string>).authority)).toContain('示例数据');
    });
  });
});

describe('transfer chain', () => {
  it('asks the head giving the cards, then the head taking them', () => {
    expect(transferChain('chengxi', 'dachen', []).map((s) => [s.step, s.group])).toEqual([['from-head', 'unit-head:chengxi'], ['to-head', 'unit-head:dachen']]);
  });
  it('hands the step a filing head holds to the deputy chief: nobody approves their own', () => {
    const chain = transferChain('chengxi', 'dachen', ['unit-head:chengxi']);
    expect(chain.map((s) => [s.group, s.substitutedFor ?? null])).toEqual([['deputy-chief', 'from-head'], ['unit-head:dachen', null]]);
  });
});
