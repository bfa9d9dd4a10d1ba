import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar({ weekend: [0, 6], holidays: ['2026-10-01', '2026-10-02', '2026-10-05'], makeUpWorkingDays: ['2026-10-10'] });
/** An instant given in China time. */
const china = (text: string) => new Date(`${text}+08:00`);

describe('WorkingCalendar', () => {
  it('counts one working day from Friday afternoon to Monday afternoon', () => {
    expect(calendar.addWorkingDays(china('2026-11-27T16:30:00'), 1)).toEqual(china('2026-11-30T16:30:00'));
  });

  it('skips public holidays', () => {
    expect(calendar.addWorkingDays(china('2026-09-30T10:00:00'), 1)).toEqual(china('2026-10-06T10:00:00'));
  });

  it('works on a make-up Saturday', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.addWorkingDays(china('2026-10-09T09:00:00'), 1)).toEqual(china('2026-10-10T09:00:00'));
  });

  it('gives work arriving on a day off the whole of the next working day', () => {
    expect(calendar.addWorkingDays(china('2026-11-28T22:00:00'), 1)).toEqual(china('2026-12-01T00:00:00'));
    expect(calendar.addWorkingDays(china('2026-11-28T22:00:00'), 2)).toEqual(china('2026-12-02T00:00:00'));
  });

  it('reads the shipped calendar: National Day 2026 off, 10 October worked', () => {
    const shipped = WorkingCalendar.shipped();
    expect(shipped.isWorkingDay('2026-10-01')).toBe(false);
    expect(shipped.isWorkingDay('2026-10-10')).toBe(true);
    expect(shipped.isWorkingDay('2026-11-30')).toBe(true);
  });
});
