import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLAIM_KIND, ClaimsService } from '../claims/claims.service';
import type { Actor } from '../org/org.service';
import { OrgService } from '../org/org.service';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { Subject, SubjectLink } from '../subjects/subject';
import { SubjectInvolvement } from '../subjects/subject-involvement';
import { SubjectRegistry } from '../subjects/subject-registry';
import { CLAIM_PAYABLE } from './claim-payables';
import { PAYMENT_BATCH_KIND, PAYMENT_BATCH_PROCESS, PaymentBatchesService, READ_PAYMENTS } from './payment-batches.service';
import { PaymentBatch } from './payment.entities';
import { PaymentsForbiddenError } from './payments.errors';

/**
 * Registers payment batches as subjects: they walk the shared approval loop over the chain the
 * payment rule set gives, so the task list, every approval operation, attachments and 关联查询
 * work for them; the people a batch pays are its parties and decide none of its steps. Links: a
 * batch's claims, and a claim's batches.
 */
@Injectable()
export class PaymentSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly batches: PaymentBatchesService,
    private readonly claims: ClaimsService,
    private readonly org: OrgService,
    private readonly involvement: SubjectInvolvement,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: PAYMENT_BATCH_KIND,
      label: { zh: '支付批次', en: 'Payment batch' },
      processKeys: [PAYMENT_BATCH_PROCESS],
      linkOf: (id) => `/payments/batches/${id}`,
      load: async (ids) => this.subjects(await this.batches.findByIds(ids)),
      loadByInstances: async (ids) => this.subjects(await this.batches.findByProcessInstanceIds(ids)),
      assertVisible: (actor, id) => this.assertVisible(actor, id),
      chain: {
        lock: async (tx: EntityManager, id: string) => {
          const [row] = await tx.query(`SELECT approval_chain FROM payment_batch WHERE id = $1 FOR UPDATE`, [id]);
          return (row?.approval_chain as ApprovalStep[] | null) ?? [];
        },
        save: async (tx: EntityManager, id: string, chain: ApprovalStep[]) => {
          await tx.query(`UPDATE payment_batch SET approval_chain = $2, updated_at = now() WHERE id = $1`, [id, JSON.stringify(chain)]);
        },
      },
    });
    this.registry.contributeLinks({ kinds: [PAYMENT_BATCH_KIND], links: (subject) => this.claimsOf(subject) });
    this.registry.contributeLinks({ kinds: Object.values(CLAIM_KIND), links: (subject) => this.batchesOf(subject) });
  }

  private async assertVisible(actor: Actor, id: string): Promise<void> {
    await this.batches.find(id); // the batch's not-found error first
    if (actor.groups.some((g) => READ_PAYMENTS.includes(g))) return;
    if (await this.involvement.involves({ kind: PAYMENT_BATCH_KIND, id }, actor.username)) return;
    throw new PaymentsForbiddenError();
  }

  private async subjects(batches: PaymentBatch[]): Promise<Subject[]> {
    const ids = batches.map((b) => b.id);
    const [names, payees, noted] = await Promise.all([this.org.displayNames(batches.map((b) => b.createdBy)), this.batches.payeesOf(ids), this.batches.withNotes(ids)]);
    return batches.map((b) => ({
      kind: PAYMENT_BATCH_KIND,
      id: b.id,
      processInstanceId: b.processInstanceId,
      submitter: b.createdBy,
      submitterName: names.get(b.createdBy) ?? b.createdBy,
      unitCode: null,
      unitName: null,
      amountFen: b.totalFen,
      title: `${b.number} ${b.title}（${b.lineCount} 笔）`,
      status: b.status,
      submittedOn: b.createdAt.toISOString().slice(0, 10),
      link: `/payments/batches/${b.id}`,
      chain: b.approvalChain,
      clean: !noted.has(b.id),
      parties: payees.get(b.id) ?? [],
    }));
  }

  private async claimsOf(subject: Subject): Promise<SubjectLink[]> {
    const view = await this.batches.linesOfBatch(subject.id);
    const claimIds = view.filter((l) => l.kind === CLAIM_PAYABLE).map((l) => l.sourceId);
    const claims = new Map((await this.claims.findByIds(claimIds)).map((c) => [c.id, c]));
    return view.map((line) => {
      const claim = line.kind === CLAIM_PAYABLE ? claims.get(line.sourceId) : undefined;
      return {
        relation: 'payable',
        kind: claim ? CLAIM_KIND[claim.type] : null,
        id: line.sourceId,
        title: `${line.reference} ${line.title}`,
        fields: { payee: line.payee, amount: line.amount, status: line.status, paidOn: line.paidOn, bankReason: line.bankReason },
        link: claim ? `/claims/${claim.id}` : null,
      };
    });
  }

  private async batchesOf(subject: Subject): Promise<SubjectLink[]> {
    const lines = await this.batches.linesOfSource(CLAIM_PAYABLE, subject.id);
    return lines.map((line) => ({
      relation: 'payment-batch',
      kind: PAYMENT_BATCH_KIND,
      id: line.batchId,
      title: line.batch,
      fields: { amount: line.amount, status: line.status, paidOn: line.paidOn, bankReason: line.bankReason, batchStatus: line.batchStatus },
      link: `/payments/batches/${line.batchId}`,
    }));
  }
}

