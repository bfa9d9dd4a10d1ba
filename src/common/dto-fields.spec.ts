import { isCalendarDay } from './dto-fields';

describe('isCalendarDay', () => {
  it.each(['2026-02-28', '2024-02-29', '2026-12-31', '1900-01-01'])('accepts the real day %s', (day) => {
    expect(isCalendarDay(day)).toBe(true);
  });

  it.each(['2026-02-30', '2026-04-31', '2025-02-29', '0000-01-01', '3000-01-01', '2026-13-01', '2026-1-1', '20260101', '', null, 20260101])(
    'refuses %p, which is no day',
    (value) => {
      expect(isCalendarDay(value)).toBe(false);
    },
  );
});
