import { DepreciableCard, depreciationDue, firstDepreciationPeriod, fullSchedule, lastDayOf, projectedSchedule } from './depreciation-rule';

const card = (overrides: Partial<DepreciableCard> = {}): DepreciableCard => ({
  originalValueFen: 600_000,
  usefulLifeMonths: 72,
  acceptedOn: '2026-03-15',
  depreciatedFen: 0,
  depreciatedThrough: null,
  status: 'IN_USE',
  ...overrides,
});

describe('straight-line monthly depreciation', () => {
  it('starts the month after acceptance: a card accepted mid-March first depreciates in April', () => {
    expect(firstDepreciationPeriod('2026-03-15')).toBe('2026-04');
    expect(firstDepreciationPeriod('2026-12-31')).toBe('2027-01');
    expect(depreciationDue(card(), '2026-03')).toBeNull();
    expect(depreciationDue(card(), '2026-04')).toEqual({ amountFen: 8_333, months: 1, accumulatedFen: 8_333 });
  });

  it('gives the rounding remainder to the last month so the total is the original value to the fen', () => {
    const months = fullSchedule(card({ originalValueFen: 100_000, usefulLifeMonths: 3 }));
    expect(months.map((m) => [m.period, m.amountFen, m.accumulatedFen, m.netFen])).toEqual([
      ['2026-04', 33_333, 33_333, 66_667],
      ['2026-05', 33_333, 66_666, 33_334],
      ['2026-06', 33_334, 100_000, 0],
    ]);
    const long = fullSchedule(card({ originalValueFen: 1_234_567, usefulLifeMonths: 72 }));
    expect(long).toHaveLength(72);
    expect(long.reduce((sum, m) => sum + m.amountFen, 0)).toBe(1_234_567);
    expect(long[71]).toMatchObject({ period: '2032-03', amountFen: 1_234_567 - 71 * 17_146, netFen: 0 });
  });

  it('stops at the end of life: nothing is due after the last month', () => {
    const ended = card({ originalValueFen: 100_000, usefulLifeMonths: 3, depreciatedFen: 100_000, depreciatedThrough: '2026-06' });
    expect(depreciationDue(ended, '2026-07')).toBeNull();
    expect(depreciationDue(ended, '2030-01')).toBeNull();
  });

  it('books a month once: nothing is due for a month already depreciated or an earlier one', () => {
    const done = card({ depreciatedFen: 8_333, depreciatedThrough: '2026-04' });
    expect(depreciationDue(done, '2026-04')).toBeNull();
    expect(depreciationDue(done, '2026-03')).toBeNull();
    expect(depreciationDue(done, '2026-05')).toEqual({ amountFen: 8_333, months: 1, accumulatedFen: 16_666 });
  });

  it('catches up missed months in one amount, never past the end of life', () => {
    expect(depreciationDue(card(), '2026-06')).toEqual({ amountFen: 24_999, months: 3, accumulatedFen: 24_999 });
    const short = card({ originalValueFen: 100_000, usefulLifeMonths: 3 });
    expect(depreciationDue(short, '2027-01')).toEqual({ amountFen: 100_000, months: 3, accumulatedFen: 100_000 });
  });

  it('leaves alone cards without a useful life (land) and disposed cards', () => {
    expect(depreciationDue(card({ usefulLifeMonths: null }), '2026-05')).toBeNull();
    expect(depreciationDue(card({ status: 'DISPOSED' }), '2026-05')).toBeNull();
    expect(fullSchedule(card({ usefulLifeMonths: null }))).toEqual([]);
  });

  it('takes an opening balance as it stands: the last month of life books whatever is left', () => {
    const opening = card({ originalValueFen: 100_000, usefulLifeMonths: 3, depreciatedFen: 70_000, depreciatedThrough: '2026-05' });
    expect(depreciationDue(opening, '2026-06')).toEqual({ amountFen: 30_000, months: 1, accumulatedFen: 100_000 });
  });

  it('books a value smaller than its life in months all in the last month', () => {
    const tiny = card({ originalValueFen: 50, usefulLifeMonths: 72 });
    expect(depreciationDue(tiny, '2026-04')).toBeNull();
    expect(fullSchedule(tiny).filter((m) => m.amountFen > 0)).toEqual([{ period: '2032-03', amountFen: 50, accumulatedFen: 50, netFen: 0 }]);
  });

  it('projects the months still to come from the card as it stands', () => {
    const running = card({ originalValueFen: 100_000, usefulLifeMonths: 3, depreciatedFen: 33_333, depreciatedThrough: '2026-04' });
    expect(projectedSchedule(running, '2026-12').map((m) => [m.period, m.amountFen])).toEqual([['2026-05', 33_333], ['2026-06', 33_334]]);
    expect(projectedSchedule(running, '2026-05').map((m) => m.period)).toEqual(['2026-05']);
  });

  it('names the last day of a month, leap years included', () => {
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });
});
