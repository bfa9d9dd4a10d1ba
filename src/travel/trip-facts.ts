import { sameCity } from '../invoices/invoice-facts';

export interface DatedPlace {
  destination: string;
  start: string;
  end: string;
}

/** A trip of a live claim (another claim's, or another trip of this claim). */
export interface EarlierTrip extends DatedPlace {
  claimId: string;
  position: number;
  claimStatus: string;
}

/** An approved travel request of the traveller. */
export interface ApprovedRequest extends DatedPlace {
  id: string;
}

export interface EarlierTrips {
  trips: EarlierTrip[];
  requests: ApprovedRequest[];
}

/**
 * Two trips overlap when `a.start < b.end and b.start < a.end` (the rule catalogue's test, so
 * sharing only an end day is allowed), or when they cover exactly the same days — which also makes
 * two identical one-day trips overlap.
 */
export function overlaps(a: DatedPlace, b: DatedPlace): boolean {
  return (a.start < b.end && b.start < a.end) || (a.start === b.start && a.end === b.end);
}

/** Days both cover, both ends included. */
export function sharedDays(a: DatedPlace, b: DatedPlace): number {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  if (end < start) return 0;
  return (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
}

/**
 * The trip's own request: the overlapping request with the same destination, else the one
 * overlapping most (the earliest among equals).
 */
export function ownRequest(trip: DatedPlace, requests: ApprovedRequest[]): ApprovedRequest | null {
  const candidates = requests.filter((request) => overlaps(trip, request));
  const sameDestination = candidates.filter((request) => sameCity(request.destination, trip.destination));
  const pool = sameDestination.length > 0 ? sameDestination : candidates;
  let best: ApprovedRequest | null = null;
  for (const request of pool) {
    if (!best || sharedDays(trip, request) > sharedDays(trip, best) || (sharedDays(trip, request) === sharedDays(trip, best) && request.start < best.start)) {
      best = request;
    }
  }
  return best;
}

export interface TripConflictFacts {
  overlapCount: number;
  /** Trips and requests elsewhere on overlapping days. */
  overlaps: ({ kind: 'claim-trip' } & EarlierTrip | { kind: 'request' } & ApprovedRequest)[];
  duplicateCount: number;
  /** The same trip in a live claim: same destination, overlapping days. */
  duplicates: EarlierTrip[];
  hasRequest: boolean;
  ownRequest: ApprovedRequest | null;
  /** The own request differs in destination, start or end. */
  mismatch: boolean;
  mismatchFields: ('destination' | 'start' | 'end')[];
}

export function tripConflicts(trip: DatedPlace, earlier: EarlierTrips): TripConflictFacts {
  const own = ownRequest(trip, earlier.requests);
  const elsewhere = (other: DatedPlace) => !sameCity(other.destination, trip.destination) && overlaps(trip, other);
  const conflicts: TripConflictFacts['overlaps'] = [
    ...earlier.trips.filter(elsewhere).map((other) => ({ kind: 'claim-trip' as const, ...other })),
    ...earlier.requests.filter((request) => request.id !== own?.id && elsewhere(request)).map((request) => ({ kind: 'request' as const, ...request })),
  ];
  const duplicates = earlier.trips.filter((other) => sameCity(other.destination, trip.destination) && overlaps(trip, other));
  const mismatchFields: TripConflictFacts['mismatchFields'] = [];
  if (own) {
    if (!sameCity(own.destination, trip.destination)) mismatchFields.push('destination');
    if (own.start !== trip.start) mismatchFields.push('start');
    if (own.end !== trip.end) mismatchFields.push('end');
  }
  return {
    overlapCount: conflicts.length,
    overlaps: conflicts,
    duplicateCount: duplicates.length,
    duplicates,
    hasRequest: own !== null,
    ownRequest: own,
    mismatch: mismatchFields.length > 0,
    mismatchFields,
  };
}
