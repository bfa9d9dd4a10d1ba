import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { claimLink, idsMentionedBy } from '../claims/claim-subjects';
import { CLAIM_KIND, ClaimsService } from '../claims/claims.service';
import { fenToYuan } from '../common/money';
import type { Subject, SubjectLink } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { OrgService } from '../org/org.service';
import { ownRequest } from './trip-facts';
import { TravelRequest } from './travel-request.entity';
import { TripsRepository } from './trips.repository';
import { TRAVEL_REQUEST_KIND, TRAVEL_REQUEST_PROCESS, TravelRequestsService } from './travel-requests.service';

/**
 * Registers travel requests as subjects (one approval step by the unit head, approve or reject; the
 * requester is told of the decision), and the links between requests and the claims checked against them.
 */
@Injectable()
export class TravelRequestSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly requests: TravelRequestsService,
    private readonly claims: ClaimsService,
    private readonly trips: TripsRepository,
    private readonly org: OrgService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: TRAVEL_REQUEST_KIND,
      label: { zh: '出差申请', en: 'Travel request' },
      processKeys: [TRAVEL_REQUEST_PROCESS],
      linkOf: (id) => `/travel-requests/${id}`,
      load: async (ids) => (await this.requests.findByIds(ids)).map(toSubject),
      loadByInstances: async (ids) => (await this.requests.findByProcessInstanceIds(ids)).map(toSubject),
      assertVisible: (actor, id) => this.requests.assertVisible(actor, id),
    });
    this.registry.contributeLinks({ kinds: Object.values(CLAIM_KIND), links: (claim) => this.requestsOfClaim(claim) });
    this.registry.contributeLinks({ kinds: [TRAVEL_REQUEST_KIND], links: (request) => this.claimsOfRequest(request) });
  }

  /** The travel requests covering the claim's trips (as trip screening matches them), and any its findings name. */
  private async requestsOfClaim(claim: Subject): Promise<SubjectLink[]> {
    const full = await this.claims.findOrFail(claim.id);
    const covering: string[] = [];
    for (const [position, trip] of (full.document.trips ?? []).entries()) {
      const traveller = await this.org.findUserByUsername(trip.traveller);
      if (!traveller) continue;
      const { requests } = await this.trips.near(traveller.id, trip.start, trip.end, { claimId: claim.id, position });
      const own = ownRequest(trip, requests);
      if (own) covering.push(own.id);
    }
    const requests = await this.requests.findByIds([...new Set([...covering, ...(await idsMentionedBy(this.claims, claim))])]);
    return requests.map((request) => ({
      relation: 'travel-request',
      kind: TRAVEL_REQUEST_KIND,
      id: request.id,
      title: `${request.destination} ${request.startDay}～${request.endDay}`,
      fields: { traveller: request.traveller.displayName, destination: request.destination, start: request.startDay, end: request.endDay, estimate: fenToYuan(request.estimateFen), status: request.status },
      link: `/travel-requests/${request.id}`,
    }));
  }

  /** The claims with a live trip of the request's traveller in its days, and those of its unit whose findings name it. */
  private async claimsOfRequest(subject: Subject): Promise<SubjectLink[]> {
    const [request] = await this.requests.findByIds([subject.id]);
    if (!request) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT t.claim_id AS id FROM trip t WHERE t.live AND t.traveller_id = $3 AND t.days && daterange($4::date, $5::date, '[]')
       UNION
       SELECT f.claim_id FROM claim c JOIN org_unit u ON u.id = c.unit_id JOIN claim_finding f ON f.claim_id = c.id
       WHERE u.code = $1 AND f.facts::text LIKE '%' || $2 || '%'`,
      [subject.unitCode, subject.id, request.travellerId, request.startDay, request.endDay],
    );
    return (await this.claims.findByIds(rows.map((r) => r.id))).map(claimLink);
  }
}

function toSubject(request: TravelRequest): Subject {
  return {
    kind: TRAVEL_REQUEST_KIND,
    id: request.id,
    processInstanceId: request.processInstanceId,
    submitter: request.requester.username,
    submitterName: request.requester.displayName,
    unitCode: request.unit.code,
    unitName: request.unit.name,
    amountFen: request.estimateFen,
    title: request.purpose,
    status: request.status,
    submittedOn: request.createdAt.toISOString().slice(0, 10),
    link: `/travel-requests/${request.id}`,
    chain: null,
    // A request carries no screening findings: nothing to read before approving it.
    clean: true,
  };
}
