import { daysBetween } from '../common/days';

export interface SplitCandidate {
  id: string;
  totalFen: number;
  status?: string;
  items: { payee: string; invoice: string; amount: string }[];
  invoices: { number: string; date: string }[];
}

export interface SplitFacts {
  /** The claimant's other live claims to a payee of this one, with invoices within the window. */
  claims: { id: string; totalFen: number; status?: string; payees: string[] }[];
  combinedFen: number;
  /** The highest approval tier the claims cross together while each stays at or under it; null if none. */
  crossedTierFen: number | null;
}

/** Invoice dates of a claim's items, by payee. */
function datesByPayee(claim: SplitCandidate): Map<string, string[]> {
  const byNumber = new Map(claim.invoices.map((invoice) => [invoice.number, invoice.date]));
  const result = new Map<string, string[]>();
  for (const item of claim.items) {
    const date = byNumber.get(item.invoice);
    if (date) result.set(item.payee, [...(result.get(item.payee) ?? []), date]);
  }
  return result;
}

/**
 * 拆单: claims of one claimant to one payee, with invoices dated within `windowDays` of each other,
 * that together cross an approval tier each of them stays under.
 */
export function findSplit(claim: SplitCandidate, others: SplitCandidate[], tiersFen: number[], windowDays: number): SplitFacts {
  const mine = datesByPayee(claim);
  const related: SplitFacts['claims'] = [];
  for (const other of others) {
    const payees = [...datesByPayee(other)].filter(([payee, dates]) =>
      (mine.get(payee) ?? []).some((date) => dates.some((otherDate) => Math.abs(daysBetween(date, otherDate)) <= windowDays)),
    ).map(([payee]) => payee);
    if (payees.length > 0) related.push({ id: other.id, totalFen: other.totalFen, status: other.status, payees });
  }
  const combinedFen = claim.totalFen + related.reduce((sum, other) => sum + other.totalFen, 0);
  const largest = Math.max(claim.totalFen, ...related.map((other) => other.totalFen));
  const crossed = related.length === 0 ? [] : tiersFen.filter((tier) => combinedFen > tier && largest <= tier);
  return { claims: related, combinedFen, crossedTierFen: crossed.length > 0 ? Math.max(...crossed) : null };
}
