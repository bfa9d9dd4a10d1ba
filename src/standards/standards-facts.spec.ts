import { capForNight, LodgingCap } from './standards-facts';

const CAP: LodgingCap = { city: '拉萨', perNightFen: 35000, peakMonths: [6, 7, 8, 9], peakUpliftPct: 40, source: 'sample' };

describe('standards facts', () => {
  it('raises the cap by the uplift for a night in a peak month', () => {
    expect(capForNight(CAP, '2026-07-01')).toBe(49000);
  });

  it('keeps the cap for a night outside the peak months', () => {
    expect(capForNight(CAP, '2026-05-31')).toBe(35000);
  });

  it('rounds an uplifted cap down to the fen', () => {
    expect(capForNight({ ...CAP, perNightFen: 33333, peakUpliftPct: 30 }, '2026-07-01')).toBe(43332);
  });
});
