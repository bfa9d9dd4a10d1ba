import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToYuan } from '../common/money';
import type { Subject, SubjectLink } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { ASSET_KIND } from './asset-life.service';
import { AssetsService } from './assets.service';

const CONTRACT_KIND = 'contract';

/**
 * Registers asset cards as subjects (no approval flow of their own: a card has attachments, links and
 * a place in 关联查询), linked to the contract and acceptance it was carded from; a contract links
 * to the cards made from it.
 */
@Injectable()
export class AssetSubjects implements OnModuleInit {
  constructor(
    private readonly registry: SubjectRegistry,
    private readonly assets: AssetsService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      kind: ASSET_KIND,
      label: { zh: '资产卡片', en: 'Asset card' },
      processKeys: [],
      linkOf: (id) => `/assets/${id}`,
      load: (ids) => this.load(ids),
      loadByInstances: async () => [],
      assertVisible: async (actor, id) => void (await this.assets.get(actor, id)),
    });
    this.registry.contributeLinks({ kinds: [ASSET_KIND], links: (subject) => this.linksOfCard(subject.id) });
    this.registry.contributeLinks({ kinds: [CONTRACT_KIND], links: (subject) => this.cardsOfContract(subject.id) });
  }

  private async load(ids: string[]): Promise<Subject[]> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (valid.length === 0) return [];
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.number, c.name, c.status, c.original_value_fen, to_char(c.created_at, 'YYYY-MM-DD') AS created_on, u.code AS unit_code, u.name AS unit_name, p.username, p.display_name
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id LEFT JOIN app_user p ON p.id = c.created_by WHERE c.id = ANY($1::uuid[])`,
      [valid],
    );
    return rows.map((r) => ({
      kind: ASSET_KIND,
      id: r.id,
      processInstanceId: null,
      submitter: r.username ?? null,
      submitterName: r.display_name ?? null,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      amountFen: Number(r.original_value_fen),
      title: `${r.number} ${r.name}`,
      status: r.status,
      submittedOn: r.created_on,
      link: `/assets/${r.id}`,
      chain: null,
      clean: false,
    }));
  }

  private async linksOfCard(id: string): Promise<SubjectLink[]> {
    const [card] = await this.dataSource.query(
      `SELECT c.contract_id, k.number AS contract_number, k.title, k.amount_fen, k.status AS contract_status, c.acceptance_id,
              to_char(a.accepted_on, 'YYYY-MM-DD') AS accepted_on, to_char(a.delivered_on, 'YYYY-MM-DD') AS delivered_on, a.accepted_by
       FROM asset_card c LEFT JOIN contract k ON k.id = c.contract_id LEFT JOIN acceptance a ON a.id = c.acceptance_id WHERE c.id = $1`,
      [id],
    );
    if (!card?.contract_id) return [];
    const links: SubjectLink[] = [
      { relation: CONTRACT_KIND, kind: CONTRACT_KIND, id: card.contract_id, title: `${card.contract_number} ${card.title}`, fields: { amount: fenToYuan(Number(card.amount_fen)), status: card.contract_status }, link: `/contracts/${card.contract_id}` },
    ];
    if (card.acceptance_id) links.push({ relation: 'acceptance', kind: null, id: card.acceptance_id, title: `验收 ${card.accepted_on}`, fields: { deliveredOn: card.delivered_on, acceptedOn: card.accepted_on, acceptedBy: card.accepted_by }, link: `/contracts/${card.contract_id}` });
    return links;
  }

  private async cardsOfContract(contractId: string): Promise<SubjectLink[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, number, name, status, original_value_fen FROM asset_card WHERE contract_id = $1 ORDER BY number LIMIT 500`,
      [contractId],
    );
    return rows.map((r) => ({ relation: ASSET_KIND, kind: ASSET_KIND, id: r.id, title: `${r.number} ${r.name}`, fields: { amount: fenToYuan(Number(r.original_value_fen)), status: r.status }, link: `/assets/${r.id}` }));
  }
}
