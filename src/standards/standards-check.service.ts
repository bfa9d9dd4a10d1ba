import { Injectable, OnModuleInit } from '@nestjs/common';
import { Claim } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import { OrgService } from '../org/org.service';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';

export const STANDARDS_CHECK = 'standards-check';
const SET = 'standards';

/** Holds each trip of a travel claim to the travel standards of its traveller's tier. */
@Injectable()
export class StandardsCheckService implements SetEvaluator, OnModuleInit {
  readonly sets = [SET];

  constructor(
    private readonly claims: ClaimsService,
    private readonly org: OrgService,
    private readonly rules: RulesService,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.register(this);
  }

  async screen(claimId: string): Promise<{ findings: number }> {
    const claim = await this.claims.findOrFail(claimId);
    const definition = this.rules.inForce(SET, claim.submittedOn);
    const { findings } = await this.evaluateSet(SET, claim, definition);
    await this.claims.recordScreening(claimId, STANDARDS_CHECK, findings, { ruleVersions: { [SET]: definition.version } });
    return { findings: findings.length };
  }

  async evaluateSet(_set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome> {
    const findings: ScreenedFinding[] = [];
    for (const [position, trip] of (claim.document.trips ?? []).entries()) {
      const traveller = await this.org.findUserByUsername(trip.traveller);
      if (!traveller) throw new Error(`traveller ${trip.traveller} of claim ${claim.id} no longer exists`);
      const { findings: fired } = await this.rules.evaluate(definition, {
        trip,
        invoices: claim.document.invoices,
        traveller: { id: traveller.id, username: traveller.username, tier: traveller.tier },
        submittedOn: claim.submittedOn,
      });
      findings.push(...fired.map((finding) => screenedFinding(finding, definition, { trip: position, traveller: trip.traveller, tier: traveller.tier })));
    }
    return { findings };
  }
}
