import { Fen, yuanToFen } from '../common/money';
import type { ClaimDocument } from './dto/claim-document.dto';

/** The claim's total as submitted: fares, lodging and allowances of every trip, or the expense items. */
export function claimTotalFen(document: ClaimDocument): Fen {
  let total = 0;
  for (const trip of document.trips ?? []) {
    for (const leg of trip.legs) total += yuanToFen(leg.fare);
    for (const night of trip.lodging) total += yuanToFen(night.amount);
    if (trip.allowances) total += yuanToFen(trip.allowances.meal) + yuanToFen(trip.allowances.transport);
  }
  for (const item of document.items ?? []) total += yuanToFen(item.amount);
  return total;
}
