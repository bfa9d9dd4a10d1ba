import { Injectable, OnModuleInit } from '@nestjs/common';
import { Claim } from '../claims/claim.entities';
import { CLAIM_KIND, ClaimsService } from '../claims/claims.service';
import { AttachmentsService } from '../attachments/attachments.service';
import { INVOICE_ORIGINAL, type OriginalFields } from './original-facts';
import { InvoiceIntakeService } from './invoice-intake.service';
import type { ClaimDocument } from '../claims/dto/claim-document.dto';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { TripWindow } from './invoice-facts';
import { InvoiceRegistry } from './invoice-registry';

export const INVOICE_CHECK = 'invoice-check';
const SET = 'invoice';
/** The documents a claim's subject requires (DOC-MISSING): screened in the same step as the invoices, the papers' step. */
const DOCUMENTS_SET = 'documents';


/** The trip an invoice belongs to: the one whose lodging cites it, else the span of all the claim's trips. */
export function tripWindowOf(document: ClaimDocument, invoiceNumber: string): TripWindow | null {
  const trips = document.trips ?? [];
  const citing = trips.find((trip) => trip.lodging.some((entry) => entry.invoice === invoiceNumber));
  if (citing) return { start: citing.start, end: citing.end, destination: citing.destination };
  if (trips.length === 0) return null;
  return {
    start: trips.map((t) => t.start).sort()[0],
    end: trips.map((t) => t.end).sort().reverse()[0],
    destination: trips.length === 1 ? trips[0].destination : null,
  };
}

/** Screens every invoice of a claim with the `invoice` rule set, after registering them. */
@Injectable()
export class InvoiceCheckService implements SetEvaluator, OnModuleInit {
  readonly sets = [SET, DOCUMENTS_SET];

  constructor(
    private readonly claims: ClaimsService,
    private readonly rules: RulesService,
    private readonly registry: InvoiceRegistry,
    private readonly evaluators: SetEvaluatorRegistry,
    private readonly attachments: AttachmentsService,
    private readonly intake: InvoiceIntakeService,
  ) {}

  onModuleInit(): void {
    this.evaluators.register(this);
  }

  async screen(claimId: string): Promise<{ findings: number }> {
    const claim = await this.claims.findOrFail(claimId);
    await this.registry.register(claim.id, claim.document.invoices);
    const invoices = this.rules.inForce(SET, claim.submittedOn);
    const documents = this.rules.inForce(DOCUMENTS_SET, claim.submittedOn);
    const findings = [...(await this.evaluateSet(SET, claim, invoices)).findings, ...(await this.evaluateSet(DOCUMENTS_SET, claim, documents)).findings];
    await this.claims.recordScreening(claimId, INVOICE_CHECK, findings, { ruleVersions: { [SET]: invoices.version, [DOCUMENTS_SET]: documents.version } });
    return { findings: findings.length };
  }

  async evaluateSet(set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome> {
    const attached = await this.attachments.ofSubject({ kind: CLAIM_KIND[claim.type], id: claim.id });
    const current = attached.filter((a) => a.supersededBy === null);
    if (set === DOCUMENTS_SET) {
      const categories = [...new Set(current.map((a) => a.category).filter((c): c is string => !!c))];
      const { findings } = await this.rules.evaluate(definition, { claim: claim.document, attachmentCategories: categories, submittedOn: claim.submittedOn });
      return { findings: findings.map((finding) => screenedFinding(finding, definition, {})) };
    }
    const findings: ScreenedFinding[] = [];
    for (const invoice of claim.document.invoices) {
      const original = current.find((a) => a.category === INVOICE_ORIGINAL && a.invoiceNumber === invoice.number);
      const { findings: fired } = await this.rules.evaluate(definition, {
        invoice,
        unit: { invoiceTitle: claim.unit.invoiceTitle, creditCode: claim.unit.creditCode },
        tripWindow: tripWindowOf(claim.document, invoice.number),
        original: original ? { present: true, fields: ((await this.intake.readStored(original))?.fields as OriginalFields | undefined) ?? null, attachmentId: original.id } : null,
        claimId: claim.id,
        submittedOn: claim.submittedOn,
      });
      findings.push(...fired.map((finding) => screenedFinding(finding, definition, { invoice: invoice.number })));
    }
    return { findings };
  }
}
