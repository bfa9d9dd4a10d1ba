import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Subject, SubjectLink } from '../subjects/subject';
import { rowChainStore } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { AssetFlowRecords, DisposalRow, TransferRow } from './asset-flow-records';
import { DISPOSAL_WAY_NAMES } from './asset-flow-rules';
import { DISPOSAL_KIND, TRANSFER_KIND } from './asset-flow.views';
import { DISPOSAL_PROCESS, DisposalsService } from './disposals.service';
import { TRANSFER_PROCESS, TransfersService } from './transfers.service';

/**
 * Registers transfers and disposals as subjects: both walk the shared approval loop over the chain
 * kept on the record, so they appear in the task list with their approval history, attachments and
 * 关联查询 (each card, and a disposal's business event).
 */
@Injectable()
export class AssetFlowSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly records: AssetFlowRecords,
    private readonly transfers: TransfersService,
    private readonly disposals: DisposalsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: TRANSFER_KIND,
      label: { zh: '资产调拨', en: 'Asset transfer' },
      processKeys: [TRANSFER_PROCESS],
      linkOf: (id) => `/asset-transfers/${id}`,
      load: async (ids) => (await this.records.transfers('t.id = ANY($1)', [ids])).map(transferSubject),
      loadByInstances: async (ids) => (await this.records.transfers('t.process_instance_id = ANY($1)', [ids])).map(transferSubject),
      assertVisible: (actor, id) => this.transfers.assertVisible(actor, id),
      chain: rowChainStore('asset_transfer'),
    });
    this.registry.register({
      kind: DISPOSAL_KIND,
      label: { zh: '资产处置', en: 'Asset disposal' },
      processKeys: [DISPOSAL_PROCESS],
      linkOf: (id) => `/asset-disposals/${id}`,
      load: async (ids) => (await this.records.disposals('d.id = ANY($1)', [ids])).map(disposalSubject),
      loadByInstances: async (ids) => (await this.records.disposals('d.process_instance_id = ANY($1)', [ids])).map(disposalSubject),
      assertVisible: (actor, id) => this.disposals.assertVisible(actor, id),
      chain: rowChainStore('asset_disposal'),
    });
    this.registry.contributeLinks({ kinds: [TRANSFER_KIND, DISPOSAL_KIND], links: (subject) => this.cardLinks(subject) });
  }

  private async cardLinks(subject: Subject): Promise<SubjectLink[]> {
    const cards = await this.records.cards(subject.kind, subject.id);
    return cards.map((c) => ({ relation: 'asset-card', kind: null, id: c.id, title: `${c.number} ${c.name}`, fields: { amount: c.originalValue, netValue: c.netValue, status: c.status }, link: `/assets/${c.id}` }));
  }
}

function transferSubject(t: TransferRow): Subject {
  return {
    kind: TRANSFER_KIND,
    id: t.id,
    processInstanceId: t.processInstanceId,
    submitter: t.submitter,
    submitterName: t.submitterName,
    unitCode: t.fromUnitCode,
    unitName: t.fromUnitName,
    amountFen: t.costFen,
    title: `${t.number} 调拨 ${t.fromUnitName} → ${t.toUnitName}（${t.cards} 项）`,
    status: t.status,
    submittedOn: t.createdAt.toISOString().slice(0, 10),
    link: `/asset-transfers/${t.id}`,
    chain: t.approvalChain ?? [],
    // Moving assets between units is read card by card: never taken by batch approval.
    clean: false,
  };
}

function disposalSubject(d: DisposalRow): Subject {
  return {
    kind: DISPOSAL_KIND,
    id: d.id,
    processInstanceId: d.processInstanceId,
    submitter: d.submitter,
    submitterName: d.submitterName,
    unitCode: d.unitCode,
    unitName: d.unitName,
    amountFen: d.costFen,
    title: `${d.number} ${DISPOSAL_WAY_NAMES[d.way].zh}（${d.cards} 项）`,
    status: d.status,
    submittedOn: d.createdAt.toISOString().slice(0, 10),
    link: `/asset-disposals/${d.id}`,
    chain: d.approvalChain ?? [],
    clean: false,
  };
}
