import { yuanToFen } from '../common/money';

/** One row of the DOC-MISSING table: what a claim charged to a subject must carry (over an amount, where given). */
export interface DocumentRequirement {
  /** Economic classification code (30215 会议费 …). */
  subject: string;
  /** The subject's name, for the finding and the checklist. */
  name: string;
  documents: string[];
  /** Required only when the claim's amount on the subject is over this (fen). */
  overFen?: number;
}

export interface RequiredDocumentsClaim {
  budgetLine: { subject: string };
  items?: { subject: string; amount: string }[];
  trips?: unknown[];
  invoices?: { total: string }[];
}

export interface RequiredDocumentsFacts {
  /** Each document the claim's subjects call for, and whether an attachment of that category is there. */
  required: { subject: string; subjectName: string; document: string; present: boolean }[];
  missing: string[];
  missingCount: number;
}

/**
 * DOC-MISSING: what the claim's subjects require against the categories of the attachments it
 * carries. The browser's checklist and screening both call this; only the table is data.
 */
export function requiredDocuments(claim: RequiredDocumentsClaim, categories: readonly string[], table: readonly DocumentRequirement[]): RequiredDocumentsFacts {
  const onSubject = new Map<string, number>();
  const items = claim.items ?? [];
  if (items.length > 0) {
    for (const item of items) onSubject.set(item.subject, (onSubject.get(item.subject) ?? 0) + safeFen(item.amount));
  }
  if (!onSubject.has(claim.budgetLine.subject)) {
    const total = items.length > 0 ? 0 : (claim.invoices ?? []).reduce((sum, invoice) => sum + safeFen(invoice.total), 0);
    onSubject.set(claim.budgetLine.subject, total);
  }
  const have = new Set(categories);
  const required: RequiredDocumentsFacts['required'] = [];
  for (const row of table) {
    if (!onSubject.has(row.subject)) continue;
    if (row.overFen !== undefined && (onSubject.get(row.subject) ?? 0) <= row.overFen) continue;
    for (const document of row.documents) {
      if (required.some((r) => r.document === document)) continue;
      required.push({ subject: row.subject, subjectName: row.name, document, present: have.has(document) });
    }
  }
  const missing = required.filter((r) => !r.present).map((r) => r.document);
  return { required, missing, missingCount: missing.length };
}

function safeFen(amount: string | undefined): number {
  try {
    return amount ? yuanToFen(amount) : 0;
  } catch {
    return 0;
  }
}
