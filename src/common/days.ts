/** Calendar arithmetic on ISO days (YYYY-MM-DD), in UTC so that no time zone shifts a day. */
const DAY_MS = 86_400_000;

function toEpochDay(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** `to − from` in days: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(day: string, days: number): string {
  return new Date((toEpochDay(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Month (1–12) of a day. */
export function monthOf(day: string): number {
  return Number(day.slice(5, 7));
}

/** Calendar days a trip touches, both ends included. */
export function calendarDays(start: string, end: string): number {
  return daysBetween(start, end) + 1;
}

/** A day as the integer YYYYMMDD, for engine variables that filters compare as numbers. */
export function dayNumber(day: string): number {
  return Number(day.replace(/-/g, ''));
}

/** The ISO day (YYYY-MM-DD) an instant falls on in China Standard Time, the bureau's time zone. */
export function isoDayInChina(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
