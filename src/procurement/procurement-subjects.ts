import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fenToYuan } from '../common/money';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { Subject, SubjectLink } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { AwardsService } from './awards.service';
import { ProcurementRequest } from './procurement-request.entity';
import { METHOD_NAMES } from './procurement-methods';
import { PROCUREMENT_REQUEST_KIND, PROCUREMENT_REQUEST_PROCESS, ProcurementRequestsService } from './procurement-requests.service';

/**
 * Registers procurement requests as subjects: the shared approval loop walks the chain the routing
 * data gave (kept on the request), and 关联查询 reaches the request's budget line, quotes and award.
 */
@Injectable()
export class ProcurementSubjects implements OnModuleInit {
  constructor(private readonly registry: SubjectRegistry, private readonly requests: ProcurementRequestsService, private readonly awards: AwardsService) {}

  onModuleInit(): void {
    this.registry.register({
      kind: PROCUREMENT_REQUEST_KIND,
      label: { zh: '采购申请', en: 'Procurement request' },
      processKeys: [PROCUREMENT_REQUEST_PROCESS],
      linkOf: (id) => `/procurement/requests/${id}`,
      load: async (ids) => (await this.requests.findByIds(ids)).map(toSubject),
      loadByInstances: async (ids) => (await this.requests.findByProcessInstanceIds(ids)).map(toSubject),
      assertVisible: (actor, id) => this.requests.assertVisible(actor, id),
      chain: {
        lock: async (tx: EntityManager, id: string) => {
          const [row] = await tx.query(`SELECT approval_chain FROM procurement_request WHERE id = $1 FOR UPDATE`, [id]);
          return (row?.approval_chain as ApprovalStep[] | null) ?? [];
        },
        save: async (tx: EntityManager, id: string, chain: ApprovalStep[]) => {
          await tx.query(`UPDATE procurement_request SET approval_chain = $2, updated_at = now() WHERE id = $1`, [id, JSON.stringify(chain)]);
        },
      },
    });
    this.registry.contributeLinks({ kinds: [PROCUREMENT_REQUEST_KIND], links: (subject) => this.links(subject) });
  }

  private async links(subject: Subject): Promise<SubjectLink[]> {
    const request = await this.requests.findOrFail(subject.id);
    const links: SubjectLink[] = [
      { relation: 'budget-line', kind: null, id: request.budgetLineId, title: '预算指标', fields: { estimate: fenToYuan(request.estimateFen) }, link: '/budget' },
    ];
    for (const quote of await this.requests.quotesOf(request.id)) {
      links.push({ relation: 'quote', kind: null, id: quote.id, title: `报价：${quote.supplier}`, fields: { supplier: quote.supplier, amount: quote.amount }, link: null });
    }
    const award = await this.awards.findByRequest(request.id);
    if (award) {
      links.push({ relation: 'award', kind: null, id: award.id, title: `成交：${award.supplier}`, fields: { supplier: award.supplier, amount: award.amount, awardedOn: award.awardedOn, method: METHOD_NAMES[award.method].zh }, link: `/suppliers/${award.supplierId}` });
    }
    return links;
  }
}

function toSubject(request: ProcurementRequest): Subject {
  return {
    kind: PROCUREMENT_REQUEST_KIND,
    id: request.id,
    processInstanceId: request.processInstanceId,
    submitter: request.requester.username,
    submitterName: request.requester.displayName,
    unitCode: request.unit.code,
    unitName: request.unit.name,
    amountFen: request.estimateFen,
    title: `${request.items[0]?.name ?? request.category}${request.items.length > 1 ? ` 等 ${request.items.length} 项` : ''}`,
    status: request.status,
    submittedOn: request.submittedOn,
    link: `/procurement/requests/${request.id}`,
    chain: request.approvalChain,
    clean: !request.findings.some((finding) => ['block', 'warn', 'adjust'].includes(finding.severity)),
  };
}
