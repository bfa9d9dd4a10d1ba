import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Claim } from '../claims/claim.entities';
import { ClaimsService } from '../claims/claims.service';
import { OrgService } from '../org/org.service';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { ScreenedFinding, screenedFinding, SetEvaluator, SetOutcome } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import type { DatedPlace } from './trip-facts';
import { TripsRepository } from './trips.repository';

export const TRIP_CHECK = 'trip-check';
const SET = 'trip';

export interface TravellerFacts {
  id: string;
  username: string;
  tier: string;
}

/** Screens each trip of a travel claim against the traveller's other trips and approved requests. */
@Injectable()
export class TripCheckService implements SetEvaluator, OnModuleInit {
  readonly sets = [SET];

  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: ClaimsService,
    private readonly org: OrgService,
    private readonly rules: RulesService,
    private readonly trips: TripsRepository,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.register(this);
    this.rules.registerFact('earlierTrips', async (almanac) => {
      const trip = (await almanac.factValue('trip')) as DatedPlace & { position: number };
      const traveller = (await almanac.factValue('traveller')) as TravellerFacts;
      const claimId = (await almanac.factValue('claimId')) as string;
      return this.trips.near(traveller.id, trip.start, trip.end, { claimId, position: trip.position });
    });
    this.claims.onRelease((tx, claim) => this.trips.release(tx, claim.id));
  }

  async screen(claimId: string): Promise<{ findings: number }> {
    const claim = await this.claims.findOrFail(claimId);
    const travellers = await this.travellers(claim);
    await this.dataSource.transaction((tx) =>
      this.trips.replaceClaimTrips(
        tx,
        claim.id,
        (claim.document.trips ?? []).map((trip, position) => ({ position, travellerId: travellers.get(trip.traveller)!.id, destination: trip.destination, start: trip.start, end: trip.end })),
      ),
    );
    const definition = this.rules.inForce(SET, claim.submittedOn);
    const { findings } = await this.evaluateSet(SET, claim, definition);
    await this.claims.recordScreening(claimId, TRIP_CHECK, findings, { ruleVersions: { [SET]: definition.version } });
    return { findings: findings.length };
  }

  async evaluateSet(_set: string, claim: Claim, definition: RuleSetDefinition): Promise<SetOutcome> {
    const travellers = await this.travellers(claim);
    const findings: ScreenedFinding[] = [];
    for (const [position, trip] of (claim.document.trips ?? []).entries()) {
      const { findings: fired } = await this.rules.evaluate(definition, {
        trip: { ...trip, position },
        traveller: travellers.get(trip.traveller),
        claimId: claim.id,
        submittedOn: claim.submittedOn,
      });
      findings.push(...fired.map((finding) => screenedFinding(finding, definition, { trip: position, traveller: trip.traveller, destination: trip.destination })));
    }
    return { findings };
  }

  /** The claim's travellers by username; submission checked that each exists. */
  async travellers(claim: Claim): Promise<Map<string, TravellerFacts>> {
    const result = new Map<string, TravellerFacts>();
    for (const trip of claim.document.trips ?? []) {
      if (result.has(trip.traveller)) continue;
      const user = await this.org.findUserByUsername(trip.traveller);
      if (!user) throw new Error(`traveller ${trip.traveller} of claim ${claim.id} no longer exists`);
      result.set(trip.traveller, { id: user.id, username: user.username, tier: user.tier });
    }
    return result;
  }
}
