import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { fenToYuan } from '../common/money';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { FlowStatus, DisposalWay } from './asset-flow-rules';
import { DISPOSAL_KIND, DisposalFinding, FlowCardView, TRANSFER_KIND } from './asset-flow.views';

export interface TransferRow {
  id: string;
  number: string;
  fromUnitId: string;
  fromUnitCode: string;
  fromUnitName: string;
  toUnitId: string;
  toUnitCode: string;
  toUnitName: string;
  reason: string;
  status: FlowStatus;
  submitterId: string;
  submitter: string;
  submitterName: string;
  approvalChain: ApprovalStep[] | null;
  processInstanceId: string | null;
  decidedOn: string | null;
  createdAt: Date;
  cards: number;
  costFen: number;
}

export interface DisposalRow {
  id: string;
  number: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  way: DisposalWay;
  reason: string;
  costFen: number;
  depreciatedFen: number;
  residualFen: number;
  proceedsFen: number;
  status: FlowStatus;
  findings: DisposalFinding[];
  submitterId: string;
  submitter: string;
  submitterName: string;
  approvalChain: ApprovalStep[] | null;
  processInstanceId: string | null;
  decidedOn: string | null;
  createdAt: Date;
  cards: number;
}

const TRANSFER_SELECT = `
  SELECT t.*, to_char(t.decided_on, 'YYYY-MM-DD') AS decided_day, fu.code AS from_code, fu.name AS from_name, tu.code AS to_code, tu.name AS to_name,
         s.username, s.display_name,
         (SELECT count(*) FROM asset_flow_card f WHERE f.flow_kind = '${TRANSFER_KIND}' AND f.flow_id = t.id)::int AS card_count,
         (SELECT coalesce(sum(f.cost_fen), 0) FROM asset_flow_card f WHERE f.flow_kind = '${TRANSFER_KIND}' AND f.flow_id = t.id) AS cost
  FROM asset_transfer t JOIN org_unit fu ON fu.id = t.from_unit_id JOIN org_unit tu ON tu.id = t.to_unit_id JOIN app_user s ON s.id = t.submitter_id`;

const DISPOSAL_SELECT = `
  SELECT d.*, to_char(d.decided_on, 'YYYY-MM-DD') AS decided_day, u.code AS unit_code, u.name AS unit_name, s.username, s.display_name,
         (SELECT count(*) FROM asset_flow_card f WHERE f.flow_kind = '${DISPOSAL_KIND}' AND f.flow_id = d.id)::int AS card_count
  FROM asset_disposal d JOIN org_unit u ON u.id = d.unit_id JOIN app_user s ON s.id = d.submitter_id`;

/** Reads transfers, disposals and their cards. */
@Injectable()
export class AssetFlowRecords {
  constructor(private readonly dataSource: DataSource) {}

  async transfers(where: string, params: unknown[], manager: EntityManager | DataSource = this.dataSource): Promise<TransferRow[]> {
    const rows: Record<string, any>[] = await manager.query(`${TRANSFER_SELECT} WHERE ${where} ORDER BY t.created_at DESC LIMIT 500`, params);
    return rows.map((r) => ({
      id: r.id, number: r.number, fromUnitId: r.from_unit_id, fromUnitCode: r.from_code, fromUnitName: r.from_name, toUnitId: r.to_unit_id, toUnitCode: r.to_code, toUnitName: r.to_name,
      reason: r.reason, status: r.status, submitterId: r.submitter_id, submitter: r.username, submitterName: r.display_name, approvalChain: r.approval_chain,
      processInstanceId: r.process_instance_id, decidedOn: r.decided_day, createdAt: r.created_at, cards: r.card_count, costFen: Number(r.cost),
    }));
  }

  async disposals(where: string, params: unknown[], manager: EntityManager | DataSource = this.dataSource): Promise<DisposalRow[]> {
    const rows: Record<string, any>[] = await manager.query(`${DISPOSAL_SELECT} WHERE ${where} ORDER BY d.created_at DESC LIMIT 500`, params);
    return rows.map((r) => ({
      id: r.id, number: r.number, unitId: r.unit_id, unitCode: r.unit_code, unitName: r.unit_name, way: r.way, reason: r.reason,
      costFen: Number(r.cost_fen), depreciatedFen: Number(r.depreciated_fen), residualFen: Number(r.residual_fen), proceedsFen: Number(r.proceeds_fen),
      status: r.status, findings: r.findings ?? [], submitterId: r.submitter_id, submitter: r.username, submitterName: r.display_name, approvalChain: r.approval_chain,
      processInstanceId: r.process_instance_id, decidedOn: r.decided_day, createdAt: r.created_at, cards: r.card_count,
    }));
  }

  async cards(kind: string, flowId: string): Promise<FlowCardView[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.number, c.name, c.class_code, to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on, c.useful_life_months, c.status, f.previous_status, f.cost_fen, f.depreciated_fen
       FROM asset_flow_card f JOIN asset_card c ON c.id = f.card_id WHERE f.flow_kind = $1 AND f.flow_id = $2 ORDER BY f.position`,
      [kind, flowId],
    );
    return rows.map((r) => ({
      id: r.id, number: r.number, name: r.name, classCode: r.class_code, acceptedOn: r.accepted_on, usefulLifeMonths: r.useful_life_months,
      originalValue: fenToYuan(Number(r.cost_fen)), depreciated: fenToYuan(Number(r.depreciated_fen)), netValue: fenToYuan(Number(r.cost_fen) - Number(r.depreciated_fen)),
      previousStatus: r.previous_status, status: r.status,
    }));
  }
}
