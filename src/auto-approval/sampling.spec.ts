import { DRAWS, sampleDecision, sampleDraw } from './sampling';

const POLICY = { sampleSeed: '2026', sampleShareBp: 500, alwaysSampleAboveFen: 30000 };
const ids = Array.from({ length: 4000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('事后抽查 sampling', () => {
  it('draws the same number for the same seed and claim, another for another seed', () => {
    expect(sampleDraw('2026', ids[0])).toBe(sampleDraw('2026', ids[0]));
    expect(ids.slice(0, 20).map((id) => sampleDraw('2026', id))).not.toEqual(ids.slice(0, 20).map((id) => sampleDraw('2027', id)));
  });

  it('keeps every draw within 0 … 9999', () => {
    for (const id of ids.slice(0, 200)) expect(sampleDraw('2026', id)).toBeGreaterThanOrEqual(0), expect(sampleDraw('2026', id)).toBeLessThan(DRAWS);
  });

  it('samples every claim above the second limit, whatever its draw', () => {
    expect(ids.slice(0, 50).every((id) => sampleDecision(id, 30001, POLICY).sampled)).toBe(true);
    expect(sampleDecision(ids[0], 30001, POLICY).reason).toBe('over-limit');
  });

  it('samples at the second limit only by the draw, and a draw under the share is sampled', () => {
    const under = ids.find((id) => sampleDraw('2026', id) < 500)!;
    const over = ids.find((id) => sampleDraw('2026', id) >= 500)!;
    expect(sampleDecision(under, 30000, POLICY)).toEqual({ draw: sampleDraw('2026', under), sampled: true, reason: 'share' });
    expect(sampleDecision(over, 30000, POLICY)).toEqual({ draw: sampleDraw('2026', over), sampled: false, reason: null });
  });

  it('samples about the share over many claims (5 % of 4 000 within ±1.5 points)', () => {
    const share = ids.filter((id) => sampleDecision(id, 100, POLICY).sampled).length / ids.length;
    expect(share).toBeGreaterThan(0.035);
    expect(share).toBeLessThan(0.065);
  });

  it('samples nothing under a zero share below the second limit', () => {
    expect(ids.slice(0, 500).some((id) => sampleDecision(id, 100, { ...POLICY, sampleShareBp: 0 }).sampled)).toBe(false);
  });
});
