import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../common/money';
import type { Actor } from '../org/org.service';
import { ApprovalStep, NEEDS_READING } from '../subjects/approval-loop';
import type { Subject, SubjectKind, SubjectLink } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { Claim, ClaimStatus } from './claim.entities';
import { CLAIM_KIND, CLAIM_PROCESS, ClaimsService } from './claims.service';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The ids a claim's findings and document name (earlier claims, travel requests the rules looked at). */
export async function idsMentionedBy(claims: ClaimsService, claim: { id: string }): Promise<string[]> {
  const [findings, full] = await Promise.all([claims.findingsOf(claim.id), claims.findOrFail(claim.id)]);
  const text = JSON.stringify([findings.map((f) => f.facts), full.document]);
  return [...new Set([...text.matchAll(UUID)].map((m) => m[0]).filter((id) => id !== claim.id))];
}

/** A claim as a link of another subject (loaded with its claimant). */
export function claimLink(claim: Claim): SubjectLink {
  return {
    relation: 'claim',
    kind: CLAIM_KIND[claim.type],
    id: claim.id,
    title: claim.document.purpose ?? claim.id,
    fields: { claimant: claim.claimant.displayName, total: fenToYuan(claim.totalFen), status: claim.status, submittedOn: claim.submittedOn },
    link: `/claims/${claim.id}`,
  };
}

/**
 * Registers expense and travel claims as subjects: both walk the shared approval loop over the chain
 * the route step writes into the claim, return to the claimant for revision, and are told of the
 * outcome by their flow's close step. Their links: the invoices and the earlier claims the rules named.
 */
@Injectable()
export class ClaimSubjects implements OnModuleInit {
  constructor(private readonly registry: SubjectRegistry, private readonly claims: ClaimsService) {}

  onModuleInit(): void {
    for (const type of ['expense', 'travel'] as const) this.registry.register(this.kind(type));
    this.registry.contributeLinks({ kinds: Object.values(CLAIM_KIND), links: (subject) => this.links(subject) });
  }

  private kind(type: Claim['type']): SubjectKind {
    const kind = CLAIM_KIND[type];
    return {
      kind,
      label: type === 'expense' ? { zh: '日常费用报销', en: 'Expense claim' } : { zh: '差旅费报销', en: 'Travel claim' },
      processKeys: [CLAIM_PROCESS[type]],
      linkOf: (id) => `/claims/${id}`,
      load: async (ids) => this.subjects((await this.claims.findByIds(ids)).filter((c) => c.type === type)),
      loadByInstances: async (ids) => this.subjects((await this.claims.findByProcessInstanceIds(ids)).filter((c) => c.type === type)),
      assertVisible: (actor: Actor, id: string) => this.claims.assertVisible(actor, id),
      chain: {
        lock: async (tx: EntityManager, id: string) => {
          const [row] = await tx.query(`SELECT approval_chain FROM claim WHERE id = $1 FOR UPDATE`, [id]);
          return (row?.approval_chain as ApprovalStep[] | null) ?? [];
        },
        save: async (tx: EntityManager, id: string, chain: ApprovalStep[]) => {
          await tx.query(`UPDATE claim SET approval_chain = $2, revision = revision + 1 WHERE id = $1`, [id, JSON.stringify(chain)]);
        },
      },
      returnable: true,
      closeNotifies: true,
      onDecision: async (decision, subject) => {
        if (decision === 'return') await this.claims.setStatus(subject.id, ClaimStatus.RETURNED);
      },
    };
  }

  private async subjects(claims: Claim[]): Promise<Subject[]> {
    const unclean = await this.claims.withFindingsOf(claims.map((c) => c.id), NEEDS_READING);
    return claims.map((claim) => ({
      kind: CLAIM_KIND[claim.type],
      id: claim.id,
      processInstanceId: claim.processInstanceId,
      submitter: claim.claimant.username,
      submitterName: claim.claimant.displayName,
      unitCode: claim.unit.code,
      unitName: claim.unit.name,
      amountFen: claim.totalFen,
      title: claim.document.purpose ?? null,
      status: claim.status,
      submittedOn: claim.submittedOn,
      link: `/claims/${claim.id}`,
      chain: claim.approvalChain ?? [],
      clean: !unclean.has(claim.id),
    }));
  }

  /** The claim's invoices, and the earlier claims its findings name. */
  private async links(subject: Subject): Promise<SubjectLink[]> {
    const claim = await this.claims.findOrFail(subject.id);
    const invoices: SubjectLink[] = (claim.document.invoices ?? []).map((invoice) => ({
      relation: 'invoice',
      kind: null,
      id: invoice.number,
      title: `${invoice.number}${invoice.sellerName ? ` ${invoice.sellerName}` : ''}`,
      fields: { number: invoice.number, kind: (invoice as { kind?: string }).kind ?? null, total: String(invoice.total), seller: invoice.sellerName ?? null, date: invoice.date ?? null },
      link: null,
    }));
    const mentioned = await this.claims.findByIds(await idsMentionedBy(this.claims, claim));
    return [...invoices, ...mentioned.map(claimLink)];
  }
}
