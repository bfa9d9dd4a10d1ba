import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../common/validation';
import type { ApprovalStep } from '../subjects/approval-loop';
import type { MilestoneCondition } from './contract-facts';

export type ContractStatus = 'SCREENING' | 'RETURNED' | 'IN_APPROVAL' | 'SIGNING' | 'SIGNED' | 'REJECTED';
export type PaymentStatus = 'SCREENING' | 'RETURNED' | 'IN_APPROVAL' | 'APPROVED' | 'PAID' | 'REJECTED';

/** A contract row with its unit, line and supplier, as every reader of contracts needs it. */
export interface ContractRow {
  id: string;
  number: string;
  title: string;
  status: ContractStatus;
  unitId: string;
  unitCode: string;
  unitName: string;
  budgetLineId: string;
  lineSubject: string;
  lineFund: 'basic' | 'special';
  lineName: string;
  supplierId: string;
  supplierName: string;
  supplierCreditCode: string;
  supplierSme: boolean;
  supplierAccount: string | null;
  supplierBank: string | null;
  awardId: string | null;
  awardRequestId: string | null;
  originalId: string | null;
  amountFen: number;
  awardAmountFen: number;
  awardedOn: string;
  signedOn: string | null;
  endsOn: string | null;
  paymentTermDays: number;
  bondFen: number;
  warrantyEndsOn: string | null;
  deliveredOn: string | null;
  acceptedOn: string | null;
  submitterId: string;
  submitter: string;
  submitterName: string;
  approvalChain: ApprovalStep[] | null;
  ruleVersions: Record<string, number>;
  processInstanceId: string | null;
  imported: boolean;
  createdAt: Date;
}

export interface MilestoneRow {
  id: string;
  contractId: string;
  position: number;
  name: string;
  condition: MilestoneCondition;
  amountFen: number;
}

export interface ItemRow {
  id: string;
  position: number;
  name: string;
  category: string;
  quantity: number;
  unitPriceFen: number;
  specialEquipment: boolean;
}

export interface PaymentRow {
  id: string;
  number: string;
  contractId: string;
  milestoneId: string;
  amountFen: number;
  payeeAccount: string;
  requestedOn: string;
  status: PaymentStatus;
  submitterId: string | null;
  submitter: string | null;
  submitterName: string | null;
  approvalChain: ApprovalStep[] | null;
  ruleVersions: Record<string, number>;
  processInstanceId: string | null;
  approvedOn: string | null;
  paidOn: string | null;
  failureReason: string | null;
  imported: boolean;
  createdAt: Date;
}

export interface FindingRow {
  ruleId: string;
  severity: 'block' | 'warn' | 'info';
  messageZh: string;
  messageEn: string;
  facts: Record<string, unknown>;
}

const CONTRACT_SELECT = `
  SELECT c.*, u.code AS unit_code, u.name AS unit_name, l.subject AS line_subject, l.fund_type AS line_fund, l.fund_name AS line_name,
         s.name AS supplier_name, s.credit_code AS supplier_credit_code, s.sme AS supplier_sme, s.bank_account AS supplier_account, s.bank_name AS supplier_bank,
         a.request_id AS award_request_id, p.username AS submitter, p.display_name AS submitter_name
  FROM contract c
  JOIN org_unit u ON u.id = c.unit_id
  JOIN budget_line l ON l.id = c.budget_line_id
  JOIN supplier s ON s.id = c.supplier_id
  JOIN app_user p ON p.id = c.submitter_id
  LEFT JOIN procurement_award a ON a.id = c.award_id`;

const PAYMENT_SELECT = `
  SELECT cp.*, p.username AS submitter, p.display_name AS submitter_name
  FROM contract_payment cp LEFT JOIN app_user p ON p.id = cp.submitter_id`;

/** Reads contracts, their milestones, items and payments, and the findings screening kept on them. */
@Injectable()
export class ContractRecords {
  constructor(private readonly dataSource: DataSource) {}

  async contracts(ids: string[], db: EntityManager | DataSource = this.dataSource): Promise<ContractRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return (await db.query(`${CONTRACT_SELECT} WHERE c.id = ANY($1::uuid[])`, [valid])).map(toContract);
  }

  async contract(id: string, db: EntityManager | DataSource = this.dataSource): Promise<ContractRow | null> {
    return (await this.contracts([id], db))[0] ?? null;
  }

  async contractsByInstances(instanceIds: string[]): Promise<ContractRow[]> {
    if (instanceIds.length === 0) return [];
    return (await this.dataSource.query(`${CONTRACT_SELECT} WHERE c.process_instance_id = ANY($1)`, [instanceIds])).map(toContract);
  }

  /** Contracts matching a filter, newest first; `where` is built by the caller from fixed fragments only. */
  async contractsWhere(where: string, params: unknown[], limit = 500): Promise<ContractRow[]> {
    return (await this.dataSource.query(`${CONTRACT_SELECT} WHERE ${where} ORDER BY c.created_at DESC LIMIT ${Number(limit)}`, params)).map(toContract);
  }

  async milestones(contractIds: string[], db: EntityManager | DataSource = this.dataSource): Promise<MilestoneRow[]> {
    if (contractIds.length === 0) return [];
    const rows: Record<string, any>[] = await db.query(`SELECT * FROM contract_milestone WHERE contract_id = ANY($1::uuid[]) ORDER BY contract_id, position`, [contractIds]);
    return rows.map((r) => ({ id: r.id, contractId: r.contract_id, position: r.position, name: r.name, condition: r.condition, amountFen: Number(r.amount_fen) }));
  }

  async items(contractId: string): Promise<ItemRow[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(`SELECT * FROM contract_item WHERE contract_id = $1 ORDER BY position`, [contractId]);
    return rows.map((r) => ({ id: r.id, position: r.position, name: r.name, category: r.category, quantity: Number(r.quantity), unitPriceFen: Number(r.unit_price_fen), specialEquipment: r.special_equipment }));
  }

  async payments(ids: string[], db: EntityManager | DataSource = this.dataSource): Promise<PaymentRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return (await db.query(`${PAYMENT_SELECT} WHERE cp.id = ANY($1::uuid[])`, [valid])).map(toPayment);
  }

  async payment(id: string, db: EntityManager | DataSource = this.dataSource): Promise<PaymentRow | null> {
    return (await this.payments([id], db))[0] ?? null;
  }

  async paymentsByInstances(instanceIds: string[]): Promise<PaymentRow[]> {
    if (instanceIds.length === 0) return [];
    return (await this.dataSource.query(`${PAYMENT_SELECT} WHERE cp.process_instance_id = ANY($1)`, [instanceIds])).map(toPayment);
  }

  async paymentsOfContracts(contractIds: string[]): Promise<PaymentRow[]> {
    if (contractIds.length === 0) return [];
    return (await this.dataSource.query(`${PAYMENT_SELECT} WHERE cp.contract_id = ANY($1::uuid[]) ORDER BY cp.created_at`, [contractIds])).map(toPayment);
  }

  /** The contracts supplementing one original, oldest first. */
  async supplementsOf(originalId: string): Promise<ContractRow[]> {
    return (await this.dataSource.query(`${CONTRACT_SELECT} WHERE c.original_id = $1 ORDER BY c.created_at`, [originalId])).map(toContract);
  }

  async findings(kind: 'contract' | 'contract-payment', id: string): Promise<FindingRow[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(`SELECT * FROM chain_finding WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id`, [kind, id]);
    return rows.map((r) => ({ ruleId: r.rule_id, severity: r.severity, messageZh: r.message_zh, messageEn: r.message_en, facts: r.facts }));
  }

  /** Replaces the findings of one screening, in the caller's transaction. */
  async replaceFindings(tx: EntityManager, kind: 'contract' | 'contract-payment', id: string, findings: FindingRow[]): Promise<void> {
    await tx.query(`DELETE FROM chain_finding WHERE subject_kind = $1 AND subject_id = $2`, [kind, id]);
    for (const f of findings) {
      await tx.query(`INSERT INTO chain_finding (subject_kind, subject_id, rule_id, severity, message_zh, message_en, facts) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [kind, id, f.ruleId, f.severity, f.messageZh, f.messageEn, JSON.stringify(f.facts)]);
    }
  }
}

const day = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

function toContract(r: Record<string, any>): ContractRow {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    budgetLineId: r.budget_line_id,
    lineSubject: r.line_subject,
    lineFund: r.line_fund,
    lineName: r.line_name,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    supplierCreditCode: String(r.supplier_credit_code).trim(),
    supplierSme: r.supplier_sme,
    supplierAccount: r.supplier_account,
    supplierBank: r.supplier_bank,
    awardId: r.award_id,
    awardRequestId: r.award_request_id,
    originalId: r.original_id,
    amountFen: Number(r.amount_fen),
    awardAmountFen: Number(r.award_amount_fen),
    awardedOn: day(r.awarded_on)!,
    signedOn: day(r.signed_on),
    endsOn: day(r.ends_on),
    paymentTermDays: r.payment_term_days,
    bondFen: Number(r.bond_fen),
    warrantyEndsOn: day(r.warranty_ends_on),
    deliveredOn: day(r.delivered_on),
    acceptedOn: day(r.accepted_on),
    submitterId: r.submitter_id,
    submitter: r.submitter,
    submitterName: r.submitter_name,
    approvalChain: r.approval_chain,
    ruleVersions: r.rule_versions ?? {},
    processInstanceId: r.process_instance_id,
    imported: r.imported,
    createdAt: new Date(r.created_at),
  };
}

function toPayment(r: Record<string, any>): PaymentRow {
  return {
    id: r.id,
    number: r.number,
    contractId: r.contract_id,
    milestoneId: r.milestone_id,
    amountFen: Number(r.amount_fen),
    payeeAccount: r.payee_account,
    requestedOn: day(r.requested_on)!,
    status: r.status,
    submitterId: r.submitter_id,
    submitter: r.submitter,
    submitterName: r.submitter_name,
    approvalChain: r.approval_chain,
    ruleVersions: r.rule_versions ?? {},
    processInstanceId: r.process_instance_id,
    approvedOn: day(r.approved_on),
    paidOn: day(r.paid_on),
    failureReason: r.failure_reason,
    imported: r.imported,
    createdAt: new Date(r.created_at),
  };
}
