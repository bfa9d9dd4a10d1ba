import { addDays, calendarDays, daysBetween, monthOf } from './days';

describe('days', () => {
  it('counts days across a month and a leap day', () => {
    expect(daysBetween('2028-02-27', '2028-03-01')).toBe(3);
    expect(daysBetween('2026-10-15', '2026-10-13')).toBe(-2);
  });

  it('adds days across a year end', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('counts calendar days with both ends included', () => {
    expect(calendarDays('2026-10-13', '2026-10-15')).toBe(3);
    expect(calendarDays('2026-10-13', '2026-10-13')).toBe(1);
  });

  it('reads the month of a day', () => {
    expect(monthOf('2026-07-31')).toBe(7);
  });
});
