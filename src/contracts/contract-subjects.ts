import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToYuan } from '../common/money';
import type { Subject, SubjectLink } from '../subjects/subject';
import { rowChainStore } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { CONTRACT_KIND, CONTRACT_PAYMENT_KIND } from './contract-access';
import { ContractRecords, ContractRow, PaymentRow } from './contract-records';
import { ContractPaymentsService, CONTRACT_PAYMENT_PROCESS } from './contract-payments.service';
import { CONTRACT_PROCESS, ContractsService } from './contracts.service';

const BUDGET_LINE_KIND = 'budget-line';

/**
 * Registers contracts and contract payments as subjects (both walk the shared approval loop over the
 * chain kept on the record), and the links of 关联查询 along the chain: award ↔ contract ↔ its
 * supplements ↔ acceptance ↔ payments ↔ their paid events, and each to its budget line.
 */
@Injectable()
export class ContractSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly contracts: ContractsService,
    private readonly payments: ContractPaymentsService,
    private readonly records: ContractRecords,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: CONTRACT_KIND,
      label: { zh: '合同', en: 'Contract' },
      processKeys: [CONTRACT_PROCESS],
      linkOf: (id) => `/contracts/${id}`,
      load: async (ids) => (await this.records.contracts(ids)).map(contractSubject),
      loadByInstances: async (ids) => (await this.records.contractsByInstances(ids)).map(contractSubject),
      assertVisible: (actor, id) => this.contracts.assertVisible(actor, id),
      chain: rowChainStore('contract'),
    });
    this.registry.register({
      kind: CONTRACT_PAYMENT_KIND,
      label: { zh: '合同付款', en: 'Contract payment' },
      processKeys: [CONTRACT_PAYMENT_PROCESS],
      linkOf: (id) => `/contract-payments/${id}`,
      load: async (ids) => this.paymentSubjects(await this.records.payments(ids)),
      loadByInstances: async (ids) => this.paymentSubjects(await this.records.paymentsByInstances(ids)),
      assertVisible: (actor, id) => this.payments.assertVisible(actor, id),
      chain: rowChainStore('contract_payment'),
    });
    this.registry.contributeLinks({ kinds: [CONTRACT_KIND], links: (subject) => this.linksOfContract(subject.id) });
    this.registry.contributeLinks({ kinds: [CONTRACT_PAYMENT_KIND], links: (subject) => this.linksOfPayment(subject.id) });
  }

  private async linksOfContract(id: string): Promise<SubjectLink[]> {
    const contract = await this.records.contract(id);
    if (!contract) return [];
    const links: SubjectLink[] = [lineLink(contract)];
    if (contract.awardId) {
      const [award] = await this.dataSource.query(`SELECT id, amount_fen, awarded_on, method, category, request_id FROM procurement_award WHERE id = $1`, [contract.awardId]);
      if (award) {
        links.push({ relation: 'award', kind: null, id: award.id, title: `${contract.supplierName} ${fenToYuan(Number(award.amount_fen))}`, fields: { amount: fenToYuan(Number(award.amount_fen)), awardedOn: award.awarded_on, method: award.method, category: award.category }, link: null });
        // The request the award was made on, when procurement registers it as a subject.
        if (award.request_id && this.registry.has('procurement-request')) links.push({ relation: 'procurement-request', kind: 'procurement-request', id: award.request_id, title: '采购申请', fields: {}, link: this.registry.get('procurement-request').linkOf(award.request_id) });
      }
    }
    if (contract.originalId) {
      const [original] = await this.records.contracts([contract.originalId]);
      if (original) links.push(contractLink(original, 'original-contract'));
    }
    for (const supplement of await this.records.supplementsOf(id)) links.push(contractLink(supplement, 'supplement'));
    const acceptances: Record<string, any>[] = await this.dataSource.query(`SELECT id, delivered_on, accepted_on, accepted_by FROM acceptance WHERE contract_id = $1 ORDER BY accepted_on`, [id]);
    for (const a of acceptances) links.push({ relation: 'acceptance', kind: null, id: a.id, title: `验收 ${a.accepted_on}`, fields: { deliveredOn: a.delivered_on, acceptedOn: a.accepted_on, acceptedBy: a.accepted_by }, link: `/contracts/${id}` });
    for (const payment of await this.records.paymentsOfContracts([id])) links.push(paymentLink(payment));
    return links;
  }

  private async linksOfPayment(id: string): Promise<SubjectLink[]> {
    const payment = await this.records.payment(id);
    if (!payment) return [];
    const contract = await this.records.contract(payment.contractId);
    if (!contract) return [];
    const links: SubjectLink[] = [contractLink(contract, 'contract'), lineLink(contract)];
    const events: Record<string, any>[] = await this.dataSource.query(`SELECT id, kind, occurred_on FROM business_event WHERE source_kind = $1 AND source_id = $2`, [CONTRACT_PAYMENT_KIND, id]);
    for (const e of events) links.push({ relation: 'business-event', kind: null, id: String(e.id), title: e.kind, fields: { kind: e.kind, occurredOn: e.occurred_on }, link: null });
    return links;
  }

  private async paymentSubjects(payments: PaymentRow[]): Promise<Subject[]> {
    const contracts = new Map((await this.records.contracts([...new Set(payments.map((p) => p.contractId))])).map((c) => [c.id, c]));
    return payments.flatMap((p) => {
      const contract = contracts.get(p.contractId);
      if (!contract) return [];
      return [{
        kind: CONTRACT_PAYMENT_KIND,
        id: p.id,
        processInstanceId: p.processInstanceId,
        submitter: p.submitter,
        submitterName: p.submitterName,
        unitCode: contract.unitCode,
        unitName: contract.unitName,
        amountFen: p.amountFen,
        title: `${contract.number} ${contract.supplierName}`,
        status: p.status,
        submittedOn: p.requestedOn,
        link: `/contract-payments/${p.id}`,
        chain: p.approvalChain ?? [],
        clean: false,
      }];
    });
  }
}

function contractSubject(c: ContractRow): Subject {
  return {
    kind: CONTRACT_KIND,
    id: c.id,
    processInstanceId: c.processInstanceId,
    submitter: c.submitter,
    submitterName: c.submitterName,
    unitCode: c.unitCode,
    unitName: c.unitName,
    amountFen: c.amountFen,
    title: `${c.number} ${c.title}`,
    status: c.status,
    submittedOn: c.createdAt.toISOString().slice(0, 10),
    link: `/contracts/${c.id}`,
    chain: c.approvalChain ?? [],
    // A contract is read before it is approved: never taken by batch approval.
    clean: false,
  };
}

function contractLink(c: ContractRow, relation: string): SubjectLink {
  return { relation, kind: CONTRACT_KIND, id: c.id, title: `${c.number} ${c.title}`, fields: { amount: fenToYuan(c.amountFen), supplier: c.supplierName, status: c.status, signedOn: c.status === 'SIGNED' ? c.signedOn : null }, link: `/contracts/${c.id}` };
}

function paymentLink(p: PaymentRow): SubjectLink {
  return { relation: 'contract-payment', kind: CONTRACT_PAYMENT_KIND, id: p.id, title: p.number, fields: { amount: fenToYuan(p.amountFen), status: p.status, requestedOn: p.requestedOn, paidOn: p.paidOn }, link: `/contract-payments/${p.id}` };
}

function lineLink(c: ContractRow): SubjectLink {
  return { relation: BUDGET_LINE_KIND, kind: null, id: c.budgetLineId, title: `${c.unitName} ${c.lineSubject}${c.lineName ? ` ${c.lineName}` : ''}`, fields: { subject: c.lineSubject, fund: c.lineFund }, link: `/budgets/${c.budgetLineId}` };
}
