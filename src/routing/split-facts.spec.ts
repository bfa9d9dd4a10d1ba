import { findSplit, SplitCandidate } from './split-facts';

const TIERS = [500000, 2000000, 5000000];
const claim = (id: string, totalFen: number, date: string, payee = '义乌市某办公用品公司'): SplitCandidate => ({
  id,
  totalFen,
  items: [{ payee, invoice: `inv-${id}`, amount: String(totalFen / 100) }],
  invoices: [{ number: `inv-${id}`, date }],
});

describe('findSplit', () => {
  it('finds two claims to one payee within 30 days that cross ¥5,000 together', () => {
    const facts = findSplit(claim('b', 300000, '2026-10-20'), [claim('a', 300000, '2026-10-01')], TIERS, 30);
    expect(facts).toMatchObject({ combinedFen: 600000, crossedTierFen: 500000, claims: [{ id: 'a' }] });
  });

  it('counts invoices exactly 30 days apart and not 31', () => {
    expect(findSplit(claim('b', 300000, '2026-10-31'), [claim('a', 300000, '2026-10-01')], TIERS, 30).crossedTierFen).toBe(500000);
    expect(findSplit(claim('b', 300000, '2026-11-01'), [claim('a', 300000, '2026-10-01')], TIERS, 30).crossedTierFen).toBeNull();
  });

  it('ignores another payee', () => {
    expect(findSplit(claim('b', 300000, '2026-10-20'), [claim('a', 300000, '2026-10-01', '另一家公司')], TIERS, 30).claims).toEqual([]);
  });

  it('finds no split when one claim alone is already above the tier', () => {
    expect(findSplit(claim('b', 600000, '2026-10-20'), [claim('a', 10000, '2026-10-01')], TIERS, 30).crossedTierFen).toBeNull();
  });

  it('reports the highest tier crossed', () => {
    expect(findSplit(claim('c', 1900000, '2026-10-20'), [claim('a', 1900000, '2026-10-01'), claim('b', 1900000, '2026-10-10')], TIERS, 30).crossedTierFen).toBe(5000000);
  });
});
