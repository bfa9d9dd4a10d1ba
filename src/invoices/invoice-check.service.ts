import { Injectable } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service';
import { ClaimStatus } from '../claims/claim.entities';
import { RulesService } from '../rules/rules.service';

export const INVOICE_CHECK = 'invoice-check';

/** Screens every invoice of a claim with the `invoice` rule set and records the findings. */
@Injectable()
export class InvoiceCheckService {
  constructor(private readonly claims: ClaimsService, private readonly rules: RulesService) {}

  async screen(claimId: string): Promise<{ blocking: boolean; findings: number }> {
    const claim = await this.claims.findOrFail(claimId);
    const ruleSet = this.rules.version('invoice');
    const findings = [];
    for (const invoice of claim.document.invoices) {
      for (const finding of await this.rules.evaluate('invoice', { invoice, submittedOn: claim.submittedOn })) {
        findings.push({
          ruleId: finding.ruleId,
          severity: finding.severity,
          messageZh: finding.message.zh,
          messageEn: finding.message.en,
          facts: { invoice: invoice.number, ...finding.facts, ruleSet: `${ruleSet.set}@${ruleSet.version}` },
        });
      }
    }
    const blocking = findings.some((finding) => finding.severity === 'block');
    await this.claims.recordScreening(claimId, INVOICE_CHECK, findings, blocking ? ClaimStatus.RETURNED : ClaimStatus.IN_APPROVAL);
    return { blocking, findings: findings.length };
  }
}
