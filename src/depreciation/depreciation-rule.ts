/**
 * Straight-line monthly depreciation with no residual value (money-chain brief, 固定资产): a card
 * depreciates from the month after its acceptance over its useful life, `floor(original / life)` a
 * month, and the last month of its life takes what is left, so the total is the original value to
 * the fen. Plain data, no decorators: the monthly run, the schedule report and the browser all use
 * this one implementation.
 */

/** 'YYYY-MM'. */
export type Period = string;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** What the rule reads of a card. Money in integer fen. */
export interface DepreciableCard {
  originalValueFen: number;
  /** null: the class is not depreciated (land, collections …). */
  usefulLifeMonths: number | null;
  /** YYYY-MM-DD. */
  acceptedOn: string;
  depreciatedFen: number;
  /** The last month already depreciated, null when none has been. */
  depreciatedThrough: Period | null;
  status?: string;
}

export interface Due {
  amountFen: number;
  /** How many months of the card's life this amount covers (more than one when months were missed). */
  months: number;
  /** Depreciation to date after this amount. */
  accumulatedFen: number;
}

export interface ScheduleMonth {
  period: Period;
  amountFen: number;
  accumulatedFen: number;
  netFen: number;
}

export const monthIndex = (period: Period): number => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;

export function periodAt(index: number): Period {
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const addMonths = (period: Period, months: number): Period => periodAt(monthIndex(period) + months);

/** The first month a card accepted on `acceptedOn` depreciates: the month after. */
export const firstDepreciationPeriod = (acceptedOn: string): Period => addMonths(acceptedOn.slice(0, 7), 1);

/** The last day of a period, YYYY-MM-DD (the day a month's depreciation is booked on). */
export function lastDayOf(period: Period): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(days).padStart(2, '0')}`;
}

/** Whether the card depreciates at all: it has a useful life and is not disposed. */
export const depreciates = (card: Pick<DepreciableCard, 'usefulLifeMonths' | 'status'>): boolean =>
  card.usefulLifeMonths !== null && card.usefulLifeMonths > 0 && card.status !== 'DISPOSED';

/**
 * What booking `period` adds to the card, or null when nothing is due: before its first month, after
 * its life, in a month already depreciated, disposed or never depreciated. Months missed since the
 * last one depreciated are caught up in this amount (`months` says how many).
 */
export function depreciationDue(card: DepreciableCard, period: Period): Due | null {
  if (!depreciates(card)) return null;
  const life = card.usefulLifeMonths!;
  const first = monthIndex(firstDepreciationPeriod(card.acceptedOn));
  const target = monthIndex(period);
  const lastDone = card.depreciatedThrough === null ? first - 1 : Math.max(monthIndex(card.depreciatedThrough), first - 1);
  if (target <= lastDone) return null;
  const remaining = card.originalValueFen - card.depreciatedFen;
  const doneMonths = lastDone - first + 1;
  if (remaining <= 0 || doneMonths >= life) return null;
  const elapsed = target - first + 1;
  const months = Math.min(target - lastDone, life - doneMonths);
  const monthly = Math.floor(card.originalValueFen / life);
  const amountFen = elapsed >= life ? remaining : Math.min(months * monthly, remaining);
  if (amountFen <= 0) return null;
  return { amountFen, months, accumulatedFen: card.depreciatedFen + amountFen };
}

/** The card's whole life month by month from its first month, as the rule books it from nothing. */
export function fullSchedule(card: Pick<DepreciableCard, 'originalValueFen' | 'usefulLifeMonths' | 'acceptedOn' | 'status'>): ScheduleMonth[] {
  if (!depreciates(card)) return [];
  const first = firstDepreciationPeriod(card.acceptedOn);
  const months: ScheduleMonth[] = [];
  let state: DepreciableCard = { ...card, depreciatedFen: 0, depreciatedThrough: null, status: undefined };
  for (let i = 0; i < card.usefulLifeMonths!; i += 1) {
    const period = addMonths(first, i);
    const due = depreciationDue(state, period);
    const amountFen = due?.amountFen ?? 0;
    state = { ...state, depreciatedFen: state.depreciatedFen + amountFen, depreciatedThrough: period };
    months.push({ period, amountFen, accumulatedFen: state.depreciatedFen, netFen: card.originalValueFen - state.depreciatedFen });
  }
  return months;
}

/** The months still to come after the card's last depreciated one, through `until`, from its present state. */
export function projectedSchedule(card: DepreciableCard, until: Period): ScheduleMonth[] {
  if (!depreciates(card)) return [];
  const first = firstDepreciationPeriod(card.acceptedOn);
  let period = card.depreciatedThrough && card.depreciatedThrough >= first ? addMonths(card.depreciatedThrough, 1) : first;
  const months: ScheduleMonth[] = [];
  let state = card;
  while (period <= until && state.depreciatedFen < state.originalValueFen) {
    const due = depreciationDue(state, period);
    if (due === null && monthIndex(period) - monthIndex(first) + 1 >= state.usefulLifeMonths!) break;
    const amountFen = due?.amountFen ?? 0;
    state = { ...state, depreciatedFen: state.depreciatedFen + amountFen, depreciatedThrough: period };
    months.push({ period, amountFen, accumulatedFen: state.depreciatedFen, netFen: state.originalValueFen - state.depreciatedFen });
    period = addMonths(period, 1);
  }
  return months;
}
