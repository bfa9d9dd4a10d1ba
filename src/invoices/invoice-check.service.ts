import { Injectable, OnModuleInit } from '@nestjs/common';
import { Claim } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import type { ClaimDocument } from '../claims/dto/claim-document.dto';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { TripWindow } from './invoice-facts';
import { InvoiceRegistry } from './invoice-registry';

export const INVOICE_CHECK = 'invoice-check';
const SET = 'invoice';

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
  readonly sets = [SET];

  constructor(
    private readonly claims: ClaimsService,
    private readonly rules: RulesService,
    private readonly registry: InvoiceRegistry,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.register(this);
  }

  async screen(claimId: string): Promise<{ findings: number }> {
    const claim = await this.claims.findOrFail(claimId);
    await this.registry.register(claim.id, claim.document.invoices);
    const definition = this.rules.inForce(SET, claim.submittedOn);
    const { findings } = await this.evaluateSet(SET, claim, definition);
    await this.claims.recordScreening(claimId, INVOICE_CHECK, findings, { ruleVersions: { [SET]: definition.version } });
    return { findings: findings.length };
  }

  async evaluateSet(_set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome> {
    const findings: ScreenedFinding[] = [];
    for (const invoice of claim.document.invoices) {
      const { findings: fired } = await this.rules.evaluate(definition, {
        invoice,
        unit: { invoiceTitle: claim.unit.invoiceTitle, creditCode: claim.unit.creditCode },
        tripWindow: tripWindowOf(claim.document, invoice.number),
        claimId: claim.id,
        submittedOn: claim.submittedOn,
      });
      findings.push(...fired.map((finding) => screenedFinding(finding, definition, { invoice: invoice.number })));
    }
    return { findings };
  }
}
