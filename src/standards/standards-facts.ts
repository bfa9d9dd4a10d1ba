import { addDays, calendarDays, daysBetween, monthOf } from '../common/days';
import { Fen, yuanToFen } from '../common/money';
import type { InvoiceInput } from '../invoices/invoice-facts';
import type { RankTier } from '../org/org.entities';

/** A lodging cap of one city for one tier. */
export interface LodgingCap {
  city: string;
  perNightFen: Fen;
  /** Months (1–12) of the peak season (旺季), with the uplift on the cap in percent. */
  peakMonths: number[];
  peakUpliftPct: number;
  source: string;
}

/** The standards a trip is held to, as in force on its start day. */
export interface TripStandards {
  tier: RankTier;
  /** Caps by the city named in each lodging entry; null where no row applies. */
  lodging: Record<string, LodgingCap | null>;
  mealPerDayFen: Fen;
  transportPerDayFen: Fen;
  allowanceSource: string;
  /** Seat classes the tier may use, by mode; a mode without a list is not restricted. */
  seatClasses: Partial<Record<string, string[]>>;
}

export interface TripInput {
  destination: string;
  start: string;
  end: string;
  legs: { mode: string; class: string; from: string; to: string; date: string; fare: string; fullFare?: string; bookedOn?: string; reason?: string }[];
  lodging: { city: string; nights: number; amount: string; invoice?: string }[];
  allowances?: { mealDays: number; meal: string; transportDays: number; transport: string };
}

/** The cap for the night starting on `day`: the peak-season uplift applies by that night's month. */
export function capForNight(cap: LodgingCap, day: string): Fen {
  const uplift = cap.peakMonths.includes(monthOf(day)) ? cap.peakUpliftPct : 0;
  return Math.floor((cap.perNightFen * (100 + uplift)) / 100);
}

function hasLodgingInvoice(entry: TripInput['lodging'][number], invoices: Pick<InvoiceInput, 'number' | 'kind'>[]): boolean {
  return !!entry.invoice && invoices.some((invoice) => invoice.number === entry.invoice && invoice.kind === 'lodging');
}

export interface LodgingEntryCheck {
  city: string;
  nights: number;
  firstNight: string;
  amountFen: Fen;
  allowedFen: Fen | null;
  excessFen: Fen;
  capPerNightFen: Fen[] | null;
  source: string | null;
}

export interface LodgingCheck {
  tier: RankTier;
  claimedFen: Fen;
  allowedFen: Fen;
  excessFen: Fen;
  entries: LodgingEntryCheck[];
}

/**
 * Lodging with an invoice against the cap for the traveller's tier, the city and the season, night
 * by night from the trip's start. Entries without a lodging invoice are left to STD-NO-LODGING-INVOICE.
 */
export function lodgingCheck(trip: TripInput, invoices: Pick<InvoiceInput, 'number' | 'kind'>[], standards: TripStandards): LodgingCheck {
  const entries: LodgingEntryCheck[] = [];
  let night = trip.start;
  for (const entry of trip.lodging) {
    const firstNight = night;
    night = addDays(night, entry.nights);
    if (!hasLodgingInvoice(entry, invoices)) continue;
    const amountFen = yuanToFen(entry.amount);
    const cap = standards.lodging[entry.city] ?? null;
    if (!cap) {
      entries.push({ city: entry.city, nights: entry.nights, firstNight, amountFen, allowedFen: null, excessFen: 0, capPerNightFen: null, source: null });
      continue;
    }
    const capPerNightFen = Array.from({ length: entry.nights }, (_, i) => capForNight(cap, addDays(firstNight, i)));
    const allowedFen = capPerNightFen.reduce((sum, fen) => sum + fen, 0);
    entries.push({ city: entry.city, nights: entry.nights, firstNight, amountFen, allowedFen, excessFen: Math.max(0, amountFen - allowedFen), capPerNightFen, source: cap.source });
  }
  const claimedFen = entries.reduce((sum, e) => sum + e.amountFen, 0);
  const excessFen = entries.reduce((sum, e) => sum + e.excessFen, 0);
  return { tier: standards.tier, claimedFen, allowedFen: claimedFen - excessFen, excessFen, entries };
}

export interface UninvoicedLodging {
  nights: number;
  amountFen: Fen;
  entries: { city: string; nights: number; amountFen: Fen; invoice: string | null }[];
}

/** Lodging claimed without a lodging invoice: none of it is reimbursed. */
export function lodgingWithoutInvoice(trip: TripInput, invoices: Pick<InvoiceInput, 'number' | 'kind'>[]): UninvoicedLodging {
  const entries = trip.lodging
    .filter((entry) => entry.nights > 0 && !hasLodgingInvoice(entry, invoices))
    .map((entry) => ({ city: entry.city, nights: entry.nights, amountFen: yuanToFen(entry.amount), invoice: entry.invoice ?? null }));
  return { nights: entries.reduce((s, e) => s + e.nights, 0), amountFen: entries.reduce((s, e) => s + e.amountFen, 0), entries };
}

export interface SeatClassCheck {
  tier: RankTier;
  count: number;
  violations: { leg: number; mode: string; class: string; from: string; to: string; date: string; allowed: string[] }[];
}

export function seatClassCheck(trip: TripInput, standards: TripStandards): SeatClassCheck {
  const violations: SeatClassCheck['violations'] = [];
  trip.legs.forEach((leg, index) => {
    const allowed = standards.seatClasses[leg.mode];
    if (allowed && !allowed.includes(leg.class.trim())) {
      violations.push({ leg: index, mode: leg.mode, class: leg.class, from: leg.from, to: leg.to, date: leg.date, allowed });
    }
  });
  return { tier: standards.tier, count: violations.length, violations };
}

export interface FullFareCheck {
  count: number;
  legs: { leg: number; from: string; to: string; date: string; fare: string; fullFare: string; bookedOn: string; daysAhead: number }[];
}

/** Air tickets at (or above) the full economy fare, booked fewer than `minDaysAhead` days before departure, with no reason. */
export function fullFareCheck(trip: TripInput, minDaysAhead: number): FullFareCheck {
  const legs: FullFareCheck['legs'] = [];
  trip.legs.forEach((leg, index) => {
    if (leg.mode !== 'air' || !leg.fullFare || !leg.bookedOn || leg.reason?.trim()) return;
    if (yuanToFen(leg.fare) < yuanToFen(leg.fullFare)) return;
    const daysAhead = daysBetween(leg.bookedOn, leg.date);
    if (daysAhead < minDaysAhead) legs.push({ leg: index, from: leg.from, to: leg.to, date: leg.date, fare: leg.fare, fullFare: leg.fullFare, bookedOn: leg.bookedOn, daysAhead });
  });
  return { count: legs.length, legs };
}

export interface AllowancePart {
  claimedFen: Fen;
  days: number;
  /** Days claimed, at most the trip's calendar days. */
  allowedDays: number;
  perDayFen: Fen;
  allowedFen: Fen;
  excessFen: Fen;
}

export interface AllowanceCheck {
  tripDays: number;
  meal: AllowancePart;
  transport: AllowancePart;
  excessFen: Fen;
  source: string;
}

/** Meal and city-transport allowances against days × the destination's standard. */
export function allowanceCheck(trip: TripInput, standards: TripStandards): AllowanceCheck {
  const tripDays = calendarDays(trip.start, trip.end);
  const part = (claimed: string, days: number, perDayFen: Fen): AllowancePart => {
    const claimedFen = yuanToFen(claimed);
    const allowedDays = Math.min(days, tripDays);
    const allowedFen = allowedDays * perDayFen;
    return { claimedFen, days, allowedDays, perDayFen, allowedFen, excessFen: Math.max(0, claimedFen - allowedFen) };
  };
  const a = trip.allowances ?? { mealDays: 0, meal: '0', transportDays: 0, transport: '0' };
  const meal = part(a.meal, a.mealDays, standards.mealPerDayFen);
  const transport = part(a.transport, a.transportDays, standards.transportPerDayFen);
  return { tripDays, meal, transport, excessFen: meal.excessFen + transport.excessFen, source: standards.allowanceSource };
}
