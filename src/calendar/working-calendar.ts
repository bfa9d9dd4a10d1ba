import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../common/days';
import { isoDayInChina } from '../common/clock';
import { PROJECT_ROOT } from '../common/project-root';

export interface WorkingCalendarData {
  /** Days of the week off (0 = Sunday), unless a make-up working day. */
  weekend: number[];
  holidays: string[];
  makeUpWorkingDays: string[];
}

export const SHIPPED_CALENDAR = join(PROJECT_ROOT, 'rules', 'data', 'working-calendar.json');

const CHINA_OFFSET_MS = 8 * 3600_000;

/** Working days by the bureau's calendar: weekends and public holidays off, make-up days on. */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly makeUp: Set<string>;
  private readonly weekend: Set<number>;

  constructor(data: WorkingCalendarData) {
    this.holidays = new Set(data.holidays);
    this.makeUp = new Set(data.makeUpWorkingDays);
    this.weekend = new Set(data.weekend);
  }

  static shipped(): WorkingCalendar {
    return new WorkingCalendar(JSON.parse(readFileSync(SHIPPED_CALENDAR, 'utf8')) as WorkingCalendarData);
  }

  isWorkingDay(day: string): boolean {
    if (this.makeUp.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return !this.weekend.has(new Date(`${day}T00:00:00Z`).getUTCDay());
  }

  /**
   * The instant `days` working days after `from`, at the same time of day: a step created on Friday
   * afternoon with one working day is due on Monday afternoon. Work arriving on a day off counts from
   * the start of the next working day (one working day: the whole of it).
   */
  addWorkingDays(from: Date, days: number): Date {
    let day = isoDayInChina(from);
    let timeOfDay = (from.getTime() + CHINA_OFFSET_MS) % 86_400_000;
    if (!this.isWorkingDay(day)) {
      timeOfDay = 0;
      while (!this.isWorkingDay(day)) day = addDays(day, 1);
    }
    for (let left = days; left > 0; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return chinaInstant(day, timeOfDay);
  }
}

function chinaInstant(day: string, timeOfDayMs: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS + timeOfDayMs);
}
