import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { categoryKind, categoryPath, methodCheck, proposeMethod, quotesNeeded, ThresholdTable, thresholdsOn } from './method-proposal';

const table = JSON.parse(readFileSync(join(PROJECT_ROOT, 'rules', 'data', 'procurement-thresholds.json'), 'utf8')) as ThresholdTable;
const catalogue = JSON.parse(readFileSync(join(PROJECT_ROOT, 'rules', 'data', 'procurement-catalogue.json'), 'utf8')).items;
const version = thresholdsOn(table, 'city-county', '2026-12-06');
const propose = (category: string, amountFen: number) => proposeMethod({ category, amountFen }, version);

describe('the method proposal', () => {
  it('lets the unit buy goods one fen under ¥300,000 itself', () => {
    expect(propose('A020210', 29_999_999)).toMatchObject({ tier: 'self', proposed: 'self' });
  });

  it('requires government procurement for goods of exactly ¥300,000', () => {
    const proposal = propose('A020210', 30_000_000);
    expect(proposal).toMatchObject({ tier: 'government', proposed: 'inquiry' });
    expect(proposal.allowed).not.toContain('self');
    expect(proposal.reasons[0].zh).toContain('分散采购限额标准');
  });

  it('requires open tender for goods of exactly ¥2,000,000 and not one fen under', () => {
    expect(propose('A02010104', 200_000_000)).toMatchObject({ tier: 'open-tender', proposed: 'open-tender', allowed: ['open-tender'] });
    expect(propose('A02010104', 199_999_999)).toMatchObject({ tier: 'government' });
  });

  it('judges works on ¥600,000 and ¥4,000,000 (令第16号), not the goods thresholds', () => {
    expect(propose('B0801', 59_999_999)).toMatchObject({ tier: 'self', kind: 'works' });
    expect(propose('B0801', 60_000_000)).toMatchObject({ tier: 'government', proposed: 'competitive-consultation' });
    expect(propose('B0801', 399_999_999)).toMatchObject({ tier: 'government' });
    expect(propose('B0801', 400_000_000)).toMatchObject({ tier: 'open-tender' });
  });

  it('judges services on the goods figures', () => {
    expect(propose('C0205', 30_000_000)).toMatchObject({ tier: 'government', kind: 'services' });
    expect(propose('C0205', 200_000_000)).toMatchObject({ tier: 'open-tender' });
  });

  it('sends an item of the 集中采购目录 to the centralised agency whatever the amount', () => {
    expect(propose('A020201', 2_000_000)).toMatchObject({ tier: 'government', centralised: true, proposed: 'centralised' });
    expect(methodCheck('self', propose('A020201', 2_000_000)).laxer).toBe(true);
    expect(methodCheck('centralised', propose('A020201', 2_000_000)).laxer).toBe(false);
  });

  it('allows a stricter method and refuses a laxer one', () => {
    expect(methodCheck('open-tender', propose('A020210', 1_000_000)).laxer).toBe(false);
    expect(methodCheck('inquiry', propose('A020210', 1_000_000)).laxer).toBe(false);
    expect(methodCheck('self', propose('A020210', 30_000_000)).laxer).toBe(true);
    expect(methodCheck('competitive-negotiation', propose('A020210', 200_000_000)).laxer).toBe(true);
  });

  it('asks three quotes from ¥50,000 for the unit\'s own purchase, none one fen under', () => {
    expect(quotesNeeded('self', 5_000_000, version)).toBe(3);
    expect(quotesNeeded('self', 4_999_999, version)).toBe(0);
    expect(propose('A020210', 5_000_000).quotesNeeded).toBe(3);
    expect(quotesNeeded('single-source', 50_000_000, version)).toBe(1);
    expect(quotesNeeded('inquiry', 50_000_000, version)).toBe(3);
  });

  it('reads the version in force on the day and the kind and path of a code', () => {
    expect(thresholdsOn(table, 'city-county', '2019-06-01').effectiveFrom).toBe('2020-01-01');
    expect(categoryKind('B0801')).toBe('works');
    expect(categoryKind('C0401')).toBe('services');
    expect(categoryPath(catalogue, 'A02010104').map((item: { code: string }) => item.code)).toEqual(['A', 'A02', 'A0201', 'A020101', 'A02010104']);
  });
});
